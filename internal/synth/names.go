package synth

import (
	"math/rand/v2"
	"strings"
)

// A cluster's invented names: rare tokens that every story of the cluster
// repeats, as real coverage of one event repeats its people and places.
type names struct {
	given, surname [2]string
	place          [2]string
	orgCore        [2]string
	org            [2]string
}

func (n *names) person(i int) string { return n.given[i%2] + " " + n.surname[i%2] }

// replacement is what a mention of a source story becomes in the cluster.
func (n *names) replacement(m mention) string {
	i := m.entity % 2
	switch {
	case m.kind == person && m.surname:
		return n.surname[i]
	case m.kind == person:
		return n.person(i)
	case m.kind == place:
		return n.place[i]
	case strings.Contains(m.form, " "):
		return n.org[i]
	default: // an acronym or short form
		return n.orgCore[i]
	}
}

// language holds what invented text looks like in one language.
type language struct {
	given     []string
	word      func(r *rand.Rand) string
	orgs      []string // with %s for the invented part
	templates []string // with {P} person, {S} surname, {L} place, {O} organisation
}

var (
	latinOnsets = []string{"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "tr", "gr", "st", "ch", "pl"}
	latinVowels = []string{"a", "e", "i", "o", "u", "a", "o", "ei", "ou"}
	latinCodas  = []string{"", "", "n", "r", "s", "l", "nd", "sk"}
	arabicFirst = []string{"ت", "د", "ر", "ز", "س", "ش", "ق", "م", "ن", "ج", "ح", "خ", "ط", "ع", "غ", "ص"}
	arabicMid   = []string{"ت", "د", "ر", "ز", "س", "ش", "ق", "م", "ج", "ح", "خ", "ط", "ع", "غ", "ص", "ب", "ف", "ك", "ل"}
	arabicLong  = []string{"ا", "و", "ي", ""}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// latinWord is a pronounceable invented word of two or three syllables.
func latinWord(r *rand.Rand) string {
	var b strings.Builder
	for range 2 + r.IntN(2) {
		b.WriteString(pick(r, latinOnsets))
		b.WriteString(pick(r, latinVowels))
	}
	b.WriteString(pick(r, latinCodas))
	w := b.String()
	return strings.ToUpper(w[:1]) + w[1:]
}

// arabicWord is an invented word of three or four consonants joined by
// long vowels, starting with no letter the analyser takes for a prefix.
func arabicWord(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString(pick(r, arabicFirst))
	for range 2 + r.IntN(2) {
		b.WriteString(pick(r, arabicLong))
		b.WriteString(pick(r, arabicMid))
	}
	return b.String()
}

var languages = map[string]language{
	"en": {
		given: []string{"James", "Sarah", "David", "Amina", "Tom", "Laura", "Peter", "Grace", "Daniel", "Helen", "Samuel", "Ruth"},
		word:  latinWord,
		orgs:  []string{"%s Group", "%s Institute", "%s Council", "%s Foundation", "%s Holdings"},
		templates: []string{
			"{P} said {O} would publish its findings in {L} next week.",
			"The talks in {L} were led by {P} of {O}.",
			"{O} confirmed that {S} would travel to {L} in the coming days.",
			"In {L}, {S} told reporters that {O} had not been consulted.",
		},
	},
	"es": {
		given: []string{"Carlos", "Lucía", "Javier", "Marta", "Andrés", "Sofía", "Diego", "Elena", "Pablo", "Carmen", "Raúl", "Inés"},
		word:  latinWord,
		orgs:  []string{"Grupo %s", "Instituto %s", "Consejo %s", "Fundación %s", "Corporación %s"},
		templates: []string{
			"{P} dijo que {O} publicará sus conclusiones en {L} la próxima semana.",
			"Las conversaciones en {L} fueron dirigidas por {P}, de {O}.",
			"{O} confirmó que {S} viajará a {L} en los próximos días.",
			"En {L}, {S} aseguró a la prensa que {O} no había sido consultado.",
		},
	},
	"fr": {
		given: []string{"Jean", "Claire", "Luc", "Sophie", "Pierre", "Camille", "Antoine", "Julie", "Marc", "Léa", "Hugo", "Anne"},
		word:  latinWord,
		orgs:  []string{"groupe %s", "institut %s", "conseil %s", "fondation %s", "société %s"},
		templates: []string{
			"{P} a déclaré que le {O} publierait ses conclusions à {L} la semaine prochaine.",
			"Les discussions à {L} ont été menées par {P}, du {O}.",
			"Le {O} a confirmé que {S} se rendrait à {L} dans les prochains jours.",
			"À {L}, {S} a assuré à la presse que le {O} n'avait pas été consulté.",
		},
	},
	"ar": {
		given: []string{"محمد", "فاطمة", "أحمد", "ليلى", "يوسف", "مريم", "خالد", "سارة", "عمر", "نور", "حسن", "هدى"},
		word:  arabicWord,
		orgs:  []string{"مجموعة %s", "معهد %s", "مجلس %s", "مؤسسة %s", "شركة %s"},
		templates: []string{
			"قال {P} إن {O} ستنشر نتائجها في {L} الأسبوع المقبل.",
			"قاد {P} من {O} المحادثات في {L}.",
			"أكدت {O} أن {S} سيسافر إلى {L} خلال الأيام المقبلة.",
			"وفي {L}، قال {S} للصحافيين إن {O} لم تُستشر.",
		},
	},
}

// inventNames draws a cluster's names.
func inventNames(r *rand.Rand, lang language) *names {
	n := &names{}
	for i := range 2 {
		n.given[i] = pick(r, lang.given)
		n.surname[i] = lang.word(r)
		n.place[i] = lang.word(r)
		n.orgCore[i] = lang.word(r)
		n.org[i] = strings.Replace(pick(r, lang.orgs), "%s", n.orgCore[i], 1)
	}
	return n
}

// fill writes a template with the cluster's names.
func (n *names) fill(t string) string {
	return strings.NewReplacer("{P}", n.person(0), "{S}", n.surname[0], "{L}", n.place[0], "{O}", n.org[0]).Replace(t)
}
