package entities

import (
	"github.com/bylinehq/byline/internal/relevance"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Place is a place of the bundled gazetteer.
type Place struct {
	Kind    string            // "country", "city" or "region" (continents, nations of the UK, a few regions)
	Names   map[string]string // in "en", "es", "fr" and "ar"
	Aliases []string          // other names the press uses, any language
}

// placeEntry is a Place with the languages of its aliases, for matching.
type placeEntry struct {
	Place
	aliasLangs []string // parallel to Aliases
}

// gazetteer is the bundled places and an index of their names. It is built
// once on first use and never changed, so sharing it is safe.
type gazetteer struct {
	places   []placeEntry
	ix       *index
	prefixes map[string]bool // first three letters of Latin names, to tell adjectives of nationality
}

var loadGazetteer = sync.OnceValue(buildGazetteer)

// Places returns the bundled gazetteer, a fresh copy the caller may change.
func Places() []Place {
	g := loadGazetteer()
	out := make([]Place, len(g.places))
	for i, p := range g.places {
		names := make(map[string]string, len(p.Names))
		for k, v := range p.Names {
			names[k] = v
		}
		out[i] = Place{Kind: p.Kind, Names: names, Aliases: append([]string(nil), p.Aliases...)}
	}
	return out
}

var editionLangs = []string{"en", "es", "fr", "ar"}

func buildGazetteer() *gazetteer {
	g := &gazetteer{}
	g.places = append(g.places, countries()...)
	g.places = append(g.places, rowPlaces("region", regionRows)...)
	g.places = append(g.places, rowPlaces("city", cityRows)...)
	g.ix = newIndex()
	for i, p := range g.places {
		for _, l := range editionLangs {
			g.ix.add(p.Names[l], i, l)
		}
		for k, a := range p.Aliases {
			g.ix.add(a, i, p.aliasLangs[k])
		}
	}
	g.ix.finish()
	g.prefixes = map[string]bool{}
	for _, p := range g.places {
		for _, l := range []string{"en", "es", "fr"} {
			if f := relevance.Fold(p.Names[l]); len(f) >= 3 {
				g.prefixes[f[:3]] = true
			}
		}
	}
	return g
}

// countries names every country from CLDR, then applies countryFixes.
func countries() []placeEntry {
	dicts := map[string]*display.Dictionary{"en": display.English, "es": display.Spanish, "fr": display.French, "ar": display.Arabic}
	fixes := map[string]placeFix{}
	for _, f := range countryFixes {
		fixes[f.code] = f
	}
	var out []placeEntry
	for _, code := range strings.Fields(countryCodes) {
		region := language.MustParseRegion(code)
		p := placeEntry{Place: Place{Kind: "country", Names: map[string]string{}}}
		for l, d := range dicts {
			p.Names[l] = cleanCLDR(d.Regions().Name(region))
		}
		fix := fixes[code]
		for l, name := range map[string]string{"en": fix.en, "es": fix.es, "fr": fix.fr, "ar": fix.ar} {
			if name != "" {
				p.Names[l] = name
			}
		}
		p.addAliases(fix.aliases)
		out = append(out, p)
	}
	return out
}

// cleanCLDR turns CLDR's display forms into running-text ones: "&" is
// "and" in prose, and a bracketed part ("Myanmar (Burma)") is dropped.
func cleanCLDR(name string) string {
	name = strings.ReplaceAll(name, "’", "'")
	if i := strings.Index(name, " ("); i > 0 {
		name = name[:i]
	}
	return strings.TrimSpace(name)
}

func (p *placeEntry) addAliases(tagged []string) {
	for _, a := range tagged {
		l, name, ok := strings.Cut(a, ":")
		if !ok {
			l, name = "", a
		}
		p.Aliases = append(p.Aliases, name)
		p.aliasLangs = append(p.aliasLangs, l)
	}
}

// rowPlaces reads rows of "en|es|fr|ar|lang:alias;lang:alias".
func rowPlaces(kind, rows string) []placeEntry {
	var out []placeEntry
	for _, line := range strings.Split(strings.TrimSpace(rows), "\n") {
		f := strings.Split(line, "|")
		if len(f) < 5 {
			continue
		}
		p := placeEntry{Place: Place{Kind: kind, Names: map[string]string{"en": f[0], "es": f[1], "fr": f[2], "ar": f[3]}}}
		if f[4] != "" {
			p.addAliases(strings.Split(f[4], ";"))
		}
		out = append(out, p)
	}
	return out
}
