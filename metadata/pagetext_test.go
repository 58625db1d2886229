package metadata_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// pageItem is one line of a page as a reader sees it: a block of text, a
// line of a <pre>, or a table row.
type pageItem struct {
	line  string   // the text; a row's cells joined without separator
	pre   bool     // a <pre> line, compared exactly
	cells []string // a row's cells
	lead  []string // a row's cells up to their first child element
}

var blockElements = map[string]bool{
	"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true, "li": true, "ul": true,
	"ol": true, "nav": true, "table": true, "thead": true, "tbody": true, "body": true, "caption": true,
}

// pageItems reads a page's text the way the seeds were extracted from the
// real pages: one item per block, per <pre> line and per table row.
func pageItems(t *testing.T, doc string) []pageItem {
	t.Helper()
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var items []pageItem
	var buf strings.Builder
	flush := func() {
		if s := collapse(buf.String()); s != "" {
			items = append(items, pageItem{line: s})
		}
		buf.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			buf.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.Data {
			case "head", "script", "style":
				return
			case "pre":
				flush()
				for _, l := range strings.Split(textOf(n, false), "\n") {
					items = append(items, pageItem{line: l, pre: true})
				}
				return
			case "tr":
				flush()
				it := pageItem{}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
						it.cells = append(it.cells, collapse(textOf(c, false)))
						it.lead = append(it.lead, collapse(textOf(c, true)))
					}
				}
				it.line = strings.Join(it.cells, "")
				items = append(items, it)
				return
			}
			if blockElements[n.Data] {
				flush()
				defer flush()
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	flush()
	return items
}

// textOf is the text inside n; leadOnly stops at the first child element.
func textOf(n *html.Node, leadOnly bool) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			continue
		}
		if leadOnly {
			break
		}
		b.WriteString(textOf(c, false))
	}
	return b.String()
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// seedCells parses a seed line written as a Markdown table row
// ("| a | b | "); ok is false for other lines. Separator rows give nil.
func seedCells(line string) (cells []string, ok bool) {
	if !strings.HasPrefix(line, "|") {
		return nil, false
	}
	parts := strings.Split(line, "|")[1:]
	for _, p := range parts {
		cells = append(cells, collapse(p))
	}
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	if len(cells) > 0 && strings.Trim(cells[0], "-") == "" {
		return nil, true
	}
	return cells, true
}

// rowMatches compares seed cells with a page row. The seeds were taken by
// tools that keep a table cell's text only up to its first child element:
// ServiceStack writes ApiMember descriptions as raw HTML, and the <c>
// markup in two of them cut the seed's cell there. So the last seed cell
// may equal either the page cell's text or its leading text.
func rowMatches(seed []string, it pageItem) bool {
	cells, lead := it.cells, it.lead
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells, lead = cells[:len(cells)-1], lead[:len(lead)-1]
	}
	if len(seed) != len(cells) {
		return false
	}
	for i := range seed {
		if seed[i] != cells[i] && !(i == len(seed)-1 && seed[i] == lead[i]) {
			return false
		}
	}
	return true
}

// lineMatches compares a plain seed line with a page item: <pre> lines
// exactly, other text with its whitespace collapsed (as HTML shows it).
func lineMatches(seed string, it pageItem) bool {
	if it.pre {
		return seed == it.line
	}
	return collapse(seed) == it.line
}

// containsInOrder checks that every non-blank seed line is on the page, in
// the seed's order. It returns a description of the first line missing.
func containsInOrder(seed string, items []pageItem) error {
	j := 0
	for n, line := range strings.Split(seed, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		cells, isRow := seedCells(line)
		if isRow && cells == nil {
			continue // Markdown separator row
		}
		found := false
		for k := j; k < len(items); k++ {
			if isRow && items[k].cells != nil && rowMatches(cells, items[k]) || !isRow && lineMatches(line, items[k]) {
				j, found = k+1, true
				break
			}
		}
		if !found {
			return fmt.Errorf("seed line %d not on the page (after page item %d): %q", n+1, j, line)
		}
	}
	return nil
}
