package sweep

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// checkpointVersion is the version of the checkpoint file's format.
const checkpointVersion = 1

// Checkpoint is where a sweep stands, as it writes it to
// Options.Checkpoint: a JSON object replaced atomically (a temporary file
// in the same directory, synced, then renamed over the old one), so that
// the file always holds a whole checkpoint, old or new.
type Checkpoint struct {
	// Version is the format's version, 1.
	Version int `json:"version"`
	// Pool, Filter and Users say what is swept; a sweep refuses to
	// resume from the checkpoint of another.
	Pool   string   `json:"pool"`
	Filter string   `json:"filter,omitempty"`
	Users  []string `json:"users,omitempty"`
	// PaginationToken is the ListUsers token of the first page that holds
	// a user not finished ("" for the first page). Every user before it
	// is finished.
	PaginationToken string `json:"pagination_token,omitempty"`
	// Done are the users finished since PaginationToken: a resumed sweep
	// skips them.
	Done []string `json:"done,omitempty"`
	// Pending holds, for the users the sweep started but did not finish,
	// what it already reported and the writes whose outcome it did not
	// learn; a resumed sweep starts those users again from it.
	Pending map[string]PendingUser `json:"pending,omitempty"`
	// ReportOffset is the size of Options.ReportFile when the checkpoint
	// was written: the records after it were written after it, and a
	// resumed sweep reads them back.
	ReportOffset int64 `json:"report_offset,omitempty"`
	// Complete is set when every user was finished: resuming does
	// nothing.
	Complete bool `json:"complete,omitempty"`
}

// PendingUser is what a sweep remembers of a user it did not finish.
type PendingUser struct {
	// Reported are the device keys whose records were written: the
	// resumed sweep writes none for them again.
	Reported []string `json:"reported,omitempty"`
	// Unknown are the records of writes that were sent when the sweep
	// stopped, without an answer. A resumed sweep that no longer lists a
	// device it was forgetting reports it forgotten; one that lists a
	// device it was marking as not_remembered reports it marked.
	Unknown []Record `json:"unknown,omitempty"`
}

// ReadCheckpoint reads the checkpoint file at path. It returns nil and
// no error when the file does not exist.
func ReadCheckpoint(path string) (*Checkpoint, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sweep: reading the checkpoint: %w", err)
	}
	var cp Checkpoint
	if err := json.Unmarshal(b, &cp); err != nil {
		return nil, fmt.Errorf("sweep: reading the checkpoint %s: %w", path, err)
	}
	if cp.Version != checkpointVersion {
		return nil, fmt.Errorf("sweep: the checkpoint %s has version %d, not %d", path, cp.Version, checkpointVersion)
	}
	return &cp, nil
}

// write replaces the file at path with cp, atomically.
func (cp *Checkpoint) write(path string) error {
	b, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("sweep: writing the checkpoint: %w", err)
	}
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("sweep: writing the checkpoint: %w", err)
	}
	return nil
}
