package news

import "slices"

// Action is something a person may be allowed to do in the newsroom.
type Action string

// Newsroom actions. Which roles may take them is decided in Can, the one
// place that knows.
const (
	ActView           Action = "view"            // read a story in the newsroom, in any status
	ActWrite          Action = "write"           // create drafts, upload images
	ActEdit           Action = "edit"            // change a story's text and fields
	ActSubmit         Action = "submit"          // send a draft to review
	ActPublish        Action = "publish"         // publish or schedule
	ActUnpublish      Action = "unpublish"       // take a story down
	ActCorrect        Action = "correct"         // attach a public correction
	ActTranslate      Action = "translate"       // start a linked draft in another edition
	ActReview         Action = "review"          // see and work the review queue
	ActManageAccounts Action = "manage_accounts" // accounts and API tokens
	ActManageSections Action = "manage_sections" // editions and sections
	ActManageWebhooks Action = "manage_webhooks" // webhook endpoints and their deliveries
	ActManageWires    Action = "manage_wires"    // add, change and pause wire sources
	ActUseWires       Action = "use_wires"       // work the wire desk: adopt or ignore items
	ActManageTopics   Action = "manage_topics"   // rename topics, give them names in other editions and aliases
	ActPickReadAlso   Action = "pick_read_also"  // pin or exclude stories in a story's Read also block
)

// Owns reports whether the story is u's: u created it or is in its byline.
func (u User) Owns(a *Article) bool {
	if a == nil {
		return false
	}
	if a.CreatedBy != 0 && a.CreatedBy == u.ID {
		return true
	}
	return u.AuthorID != 0 && slices.ContainsFunc(a.Authors, func(au Author) bool { return au.ID == u.AuthorID })
}

// Can reports whether u may take act, on story a where the action concerns
// one (a may be nil for actions that do not). This is the whole permission
// model; handlers and the API ask it through the editorial use cases.
func (u User) Can(act Action, a *Article) bool {
	if !u.Active() || !u.Role.Valid() {
		return false
	}
	if u.Role.AtLeast(RoleEditor) {
		switch act {
		case ActManageAccounts, ActManageSections, ActManageWebhooks, ActManageWires:
			return u.Role == RoleAdmin
		}
		return true
	}
	own := u.Owns(a)
	switch act {
	case ActWrite:
		return true
	case ActView:
		return own
	case ActEdit:
		// A contributor's story is theirs until it is published; then it
		// is the desk's.
		if u.Role == RoleContributor {
			return own && (a.Status == Draft || a.Status == InReview)
		}
		return own
	case ActSubmit:
		return own && (a.Status == Draft || a.Status == InReview)
	case ActPublish:
		return u.Role == RoleAuthor && own
	case ActTranslate:
		return own
	}
	return false
}
