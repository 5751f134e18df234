package news

import (
	"context"
	"time"
)

// Revision is an article as one save left it.
type Revision struct {
	ArticleID  int64
	Number     int
	UserID     int64
	UserName   string // filled by the store when the account exists
	CreatedAt  time.Time
	Status     Status
	SectionID  int64
	Slug       string
	Kind       Kind
	Headline   string
	Standfirst string
	Body       string
	Dateline   string
	Credit     string
	Image      *Image // path, alt, caption and credit; sizes come from the media library
	Topics     []string
	Authors    []string // author slugs
}

// Autosave is the unsaved state of a person's editor for one article.
type Autosave struct {
	ArticleID    int64
	UserID       int64
	BaseRevision int
	Fields       string // JSON object of the form's fields
	SavedAt      time.Time
}

// MediaFile is an uploaded image as the library stored it.
type MediaFile struct {
	ID          int64
	Path        string
	ContentType string
	Width       int
	Height      int
	Bytes       int64
	UploadedBy  int64
	CreatedAt   time.Time
}

// Job is a unit of background work. Kind names the handler; RefID what it
// works on (an article for JobPublish).
type Job struct {
	ID       int64
	Kind     string
	RefID    int64
	RunAt    time.Time
	Attempts int
}

// JobPublish publishes a scheduled article when its time comes.
const JobPublish = "publish"

// NewsroomStore keeps what the newsroom adds to articles.
type NewsroomStore interface {
	// Revisions lists an article's revisions, newest first. CreateArticle
	// and UpdateArticle write them: every save is a revision.
	Revisions(ctx context.Context, articleID int64) ([]Revision, error)
	// Revision returns one revision; CodeNotFound when there is none.
	Revision(ctx context.Context, articleID int64, number int) (Revision, error)

	// SaveAutosave keeps (replacing) a person's unsaved editor state.
	SaveAutosave(ctx context.Context, a Autosave) error
	// Autosave returns it; CodeNotFound when there is none.
	Autosave(ctx context.Context, articleID, userID int64) (Autosave, error)
	DeleteAutosave(ctx context.Context, articleID, userID int64) error

	// AddMedia records an uploaded file and sets its ID.
	AddMedia(ctx context.Context, m *MediaFile) error
	// MediaByPath returns a recorded file; CodeNotFound when unknown.
	MediaByPath(ctx context.Context, path string) (MediaFile, error)

	// ClaimJob leases the oldest due job until now+lease and returns it,
	// or CodeNotFound when nothing is due. A job whose lease expired (its
	// worker died) is due again.
	ClaimJob(ctx context.Context, now time.Time, lease time.Duration) (Job, error)
	// FinishJob marks a job done, or, with a non-nil failure, releases it
	// to be retried at retryAt.
	FinishJob(ctx context.Context, id int64, now time.Time, failure error, retryAt time.Time) error
	// PendingJobs lists jobs not yet done, by run time.
	PendingJobs(ctx context.Context) ([]Job, error)

	// Desk lists articles of any status for the newsroom.
	Desk(ctx context.Context, q DeskQuery) ([]DeskItem, error)
	// DeskCounts counts articles by status for the dashboard, narrowed to
	// stories created by userID when it is not 0.
	DeskCounts(ctx context.Context, userID int64) (map[Status]int, error)
}

// DeskQuery filters the newsroom's story lists. Zero values match all.
type DeskQuery struct {
	Statuses  []Status
	Edition   string
	SectionID int64
	CreatedBy int64
	Search    string // words in the headline
	Limit     int
	Offset    int
}

// DeskItem is one row of a newsroom list.
type DeskItem struct {
	ID          int64
	Edition     string
	SectionName string
	Headline    string
	Status      Status
	Revision    int
	CreatedBy   int64
	EditedBy    int64
	EditorName  string
	PublishedAt time.Time
	SubmittedAt time.Time
	ChangedAt   time.Time // the latest revision's time
}
