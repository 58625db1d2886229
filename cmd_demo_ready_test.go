package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestDemoInfoWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ready.json")
	want := demoInfo{URL: "http://127.0.0.1:8080", Company: demoCompany.String(), AdminKey: "ak_admin", AppKey: "ak_app",
		StripeMock: "http://127.0.0.1:12111", PaysonSandbox: "http://127.0.0.1:8181"}
	if err := want.write(path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got demoInfo
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if got != want {
		t.Errorf("read back %+v, want %+v", got, want)
	}
	// Readers poll for the file: nothing but it is left behind.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("%d files in the directory, want only the ready file", len(entries))
	}
}
