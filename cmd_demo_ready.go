package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// demoInfo is what --ready-file holds: enough for a script or a test to
// call the running demo without reading its human-oriented output.
type demoInfo struct {
	URL           string `json:"url"`                     // public URL and mount prefix
	Company       string `json:"company"`                 // the demo tenant
	AdminKey      string `json:"adminKey"`                // API key with the administrator role
	AppKey        string `json:"appKey"`                  // API key of the company without roles
	StripeMock    string `json:"stripeMock,omitempty"`    // stripe-mock's URL, when the demo started it
	PaysonSandbox string `json:"paysonSandbox,omitempty"` // the Payson sandbox's URL, when the demo started it
}

// write stores d at path. Readers poll for the file, so it appears whole:
// written beside path, then renamed over it.
func (d demoInfo) write(path string) error {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ready-*")
	if err != nil {
		return fmt.Errorf("ready file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("ready file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("ready file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("ready file: %w", err)
	}
	return nil
}
