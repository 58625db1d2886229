package server

import (
	"fmt"
	"strings"

	"paygate/formats"
)

type segment struct {
	literal string // lower-cased; empty for a variable
	varName string
	rest    bool // {Var*}
}

type route struct {
	op    *Operation
	def   Route
	segs  []segment
	verbs map[string]bool // nil: any verb
}

func compileRoute(op *Operation, rt Route) *route {
	r := &route{op: op, def: rt}
	path := strings.Trim(rt.Path, "/")
	if path != "" {
		for i, s := range strings.Split(path, "/") {
			if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
				name := s[1 : len(s)-1]
				rest := strings.HasSuffix(name, "*")
				if rest && i != strings.Count(path, "/") {
					panic(fmt.Sprintf("server: %s: {%s} must be last", rt.Path, name))
				}
				r.segs = append(r.segs, segment{varName: strings.TrimSuffix(name, "*"), rest: rest})
				continue
			}
			r.segs = append(r.segs, segment{literal: strings.ToLower(s)})
		}
	}
	if rt.Verbs != "" {
		r.verbs = map[string]bool{}
		for _, v := range strings.Split(rt.Verbs, ",") {
			r.verbs[strings.ToUpper(strings.TrimSpace(v))] = true
		}
	}
	return r
}

// match reports whether r matches, with its score: fewer variables beat
// more, an explicit verb beats any verb. Variables are collected only for
// the winner (vars), so trying routes allocates nothing.
func (r *route) match(method string, parts []string) (int, bool) {
	if r.verbs != nil && !r.verbs[method] {
		return 0, false
	}
	nvars := 0
	for i, s := range r.segs {
		if s.rest {
			return score(r, nvars+10), true
		}
		if i >= len(parts) {
			return 0, false
		}
		if s.varName != "" {
			if parts[i] == "" {
				return 0, false
			}
			nvars++
			continue
		}
		if !strings.EqualFold(s.literal, parts[i]) {
			return 0, false
		}
	}
	if len(parts) != len(r.segs) {
		return 0, false
	}
	return score(r, nvars), true
}

// vars returns the path variables of parts, which r matches.
func (r *route) vars(parts []string) map[string]string {
	var vars map[string]string
	for i, s := range r.segs {
		if s.varName == "" {
			continue
		}
		if vars == nil {
			vars = make(map[string]string, len(r.segs))
		}
		if s.rest {
			vars[s.varName] = strings.Join(parts[i:], "/")
			break
		}
		vars[s.varName] = parts[i]
	}
	return vars
}

func score(r *route, nvars int) int {
	s := 1000 - nvars*10
	if r.verbs != nil {
		s++
	}
	return s
}

// target is the outcome of dispatching a path.
type target struct {
	op         *Operation
	vars       map[string]string
	predefined bool           // /api/... or /{fmt}/reply|oneway/...
	handlerFmt formats.Format // predefined routes: the format the route implies
	ext        formats.Format // a .json/.xml/... suffix on a custom route or /api
	batch      bool           // Op[]
	unknownOp  string         // predefined route naming no operation
}

// dispatch finds the operation for path (base path already removed).
func (reg *Registry) dispatch(method, path string) (target, bool) {
	trimmed := strings.Trim(path, "/")
	parts := strings.Split(trimmed, "/")
	// /api/{Op}[.ext] and /api/{Op}[]
	if len(parts) == 2 && strings.EqualFold(parts[0], "api") {
		name, ext := formats.SplitExt(parts[1])
		return reg.predefined(name, formats.JSON, ext)
	}
	// /{fmt}/reply|oneway|syncreply|asynconeway/{Op}
	if len(parts) == 3 {
		if f := formats.ParseFormat(parts[0]); f != formats.Unknown && !strings.Contains(parts[0], ".") {
			switch strings.ToLower(parts[1]) {
			case "reply", "oneway", "syncreply", "asynconeway":
				return reg.predefined(parts[2], f, formats.Unknown)
			}
		}
	}
	stripped, ext := formats.SplitExt(trimmed)
	if ext != formats.Unknown {
		parts = strings.Split(stripped, "/")
	}
	t, ok := reg.custom(method, parts)
	if !ok && ext != formats.Unknown {
		// A path variable may legitimately end in ".csv"; only strip
		// the suffix when the stripped path is what matches.
		t, ok = reg.custom(method, strings.Split(trimmed, "/"))
		ext = formats.Unknown
	}
	t.ext = ext
	return t, ok
}

func (reg *Registry) predefined(name string, f, ext formats.Format) (target, bool) {
	t := target{predefined: true, handlerFmt: f, ext: ext}
	if strings.HasSuffix(name, "[]") {
		t.batch = true
		name = strings.TrimSuffix(name, "[]")
	}
	t.op = reg.Lookup(name)
	if t.op == nil {
		t.unknownOp = name
	}
	return t, true
}

// custom finds the best custom route for the path's segments.
func (reg *Registry) custom(method string, parts []string) (target, bool) {
	if len(parts) == 1 && parts[0] == "" {
		parts = nil // the root path has no segments
	}
	var best *route
	bestScore := -1
	for _, r := range reg.routes {
		if s, ok := r.match(method, parts); ok && s > bestScore {
			best, bestScore = r, s
		}
	}
	if best == nil {
		return target{}, false
	}
	return target{op: best.op, vars: best.vars(parts)}, true
}
