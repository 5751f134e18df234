package feeds

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// CheckXML decodes a whole document with encoding/xml in strict mode and
// reports the first error: malformed XML, or an element or attribute
// whose prefix is bound to no namespace (encoding/xml leaves those as
// the bare prefix instead of a namespace URL).
func CheckXML(doc []byte) error {
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("feeds: invalid XML: %w", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if !bound(el.Name.Space) {
			return fmt.Errorf("feeds: element %s:%s has an unbound prefix", el.Name.Space, el.Name.Local)
		}
		for _, a := range el.Attr {
			if a.Name.Space != "xmlns" && a.Name.Space != "xml" && !bound(a.Name.Space) {
				return fmt.Errorf("feeds: attribute %s:%s has an unbound prefix", a.Name.Space, a.Name.Local)
			}
		}
	}
}

// bound reports whether a decoded name's space is empty or a namespace
// URL rather than a leftover prefix.
func bound(space string) bool { return space == "" || strings.Contains(space, ":") }
