package sweep

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// compactEvery is how many intents the journal file may hold beyond those
// of the users in flight before a checkpoint write also rewrites it.
const compactEvery = 512

// journal is the write-ahead file of a sweep with a checkpoint, at the
// checkpoint's path plus ".journal": before each write is sent, one JSON
// line (a Record with its action and no outcome) is appended to it, so
// that a sweep killed before it learned or reported the write's outcome
// settles it when it resumes (see PendingUser.Unknown). Lines are written
// with one write each, unsynced: they survive the process being killed,
// not the machine failing. It holds the intents of the users in flight;
// the others are in the checkpoint, and compact drops them from the file
// once the checkpoint that holds them is written.
type journal struct {
	mu    sync.Mutex
	path  string
	f     *os.File
	open  map[string][]Record // the intents of the users in flight
	lines int                 // the lines in the file
	err   error               // the first failure to append
}

// journalPath is the path of the journal of the checkpoint at path.
func journalPath(checkpoint string) string { return checkpoint + ".journal" }

// readJournal returns the intents in the journal of the checkpoint at
// path, none when it does not exist. A last line cut short is an intent
// whose write was never sent, and is left out.
func readJournal(checkpoint string) ([]Record, error) {
	b, err := os.ReadFile(journalPath(checkpoint))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sweep: reading the journal: %w", err)
	}
	if i := bytes.LastIndexByte(b, '\n'); i+1 < len(b) {
		b = b[:i+1]
	}
	var out []Record
	for n, line := range bytes.SplitAfter(b, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var r Record
		if err := json.Unmarshal(line, &r); err != nil || r.Username == "" || r.DeviceKey == "" {
			return nil, fmt.Errorf("sweep: the journal %s, line %d, is not a write of this sweep (removing the journal resumes without it: a device forgotten at the kill then goes unreported)", journalPath(checkpoint), n+1)
		}
		out = append(out, r)
	}
	return out, nil
}

// openJournal starts an empty journal for the checkpoint at path. The
// caller has written a checkpoint that holds what the old journal said.
func openJournal(checkpoint string) (*journal, error) {
	j := &journal{path: journalPath(checkpoint), open: map[string][]Record{}}
	if err := j.rewrite(); err != nil {
		return nil, err
	}
	return j, nil
}

// add appends the intent of a write about to be sent; when it cannot, the
// write must not be sent.
func (j *journal) add(r Record) error {
	if j == nil {
		return nil
	}
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.err != nil {
		return j.err
	}
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		j.err = fmt.Errorf("sweep: writing the journal: %w", err)
		return j.err
	}
	j.lines++
	j.open[r.Username] = append(j.open[r.Username], r)
	return nil
}

// failed returns the first failure to append, if any.
func (j *journal) failed() error {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.err
}

// drop forgets the intents of a user whose outcome the collector now
// holds; they stay in the file until the next compaction.
func (j *journal) drop(user string) {
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	delete(j.open, user)
}

// compact rewrites the file with the intents of the users in flight only,
// when it holds many others or when always is set. The caller has just
// written a checkpoint that holds every user dropped.
func (j *journal) compact(always bool) error {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	open := 0
	for _, rs := range j.open {
		open += len(rs)
	}
	if !always && j.lines-open < compactEvery {
		return nil
	}
	return j.rewrite()
}

// rewrite replaces the file with the open intents, atomically, and
// appends to the new one. j.mu is held, or j is not shared yet.
func (j *journal) rewrite() error {
	tmp, err := os.CreateTemp(filepath.Dir(j.path), filepath.Base(j.path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("sweep: writing the journal: %w", err)
	}
	w := bufio.NewWriter(tmp)
	enc := json.NewEncoder(w)
	lines := 0
	for _, user := range slices.Sorted(maps.Keys(j.open)) {
		for _, r := range j.open[user] {
			if err == nil {
				err = enc.Encode(r)
				lines++
			}
		}
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if err == nil && j.f != nil {
		// Closed before the rename, which Windows refuses over an open file.
		err = j.f.Close()
		j.f = nil
	}
	if err == nil {
		err = os.Rename(tmp.Name(), j.path)
	}
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("sweep: writing the journal: %w", err)
	}
	// The renamed file is appended to through its open descriptor.
	if _, err := tmp.Seek(0, io.SeekEnd); err != nil {
		tmp.Close()
		return fmt.Errorf("sweep: writing the journal: %w", err)
	}
	j.f, j.lines = tmp, lines
	return nil
}

// close closes the file, which stays for a resumed sweep.
func (j *journal) close() {
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f != nil {
		j.f.Close()
		j.f = nil
	}
}

// openReport opens the report file at path for appending, creating it
// when it does not exist. When resuming, offset is the report's size the
// checkpoint recorded: the records after it were written after that
// checkpoint, and openReport returns them; a last line cut short by a
// kill is cut off the file. It returns the file and its size.
func openReport(path string, offset int64, resuming bool) (*os.File, int64, []Record, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("sweep: opening the report: %w", err)
	}
	fail := func(err error) (*os.File, int64, []Record, error) {
		f.Close()
		return nil, 0, nil, err
	}
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return fail(fmt.Errorf("sweep: opening the report: %w", err))
	}
	if !resuming {
		return f, size, nil, nil
	}
	if size < offset {
		return fail(fmt.Errorf("sweep: the report %s holds %d bytes, fewer than the %d the checkpoint says were written: it is not this sweep's report (resume with the report the checkpoint was written with, or start over without the checkpoint)", path, size, offset))
	}
	tail := make([]byte, size-offset)
	if _, err := f.ReadAt(tail, offset); err != nil {
		return fail(fmt.Errorf("sweep: reading the report: %w", err))
	}
	whole := bytes.LastIndexByte(tail, '\n') + 1
	if whole < len(tail) {
		size = offset + int64(whole)
		if err := f.Truncate(size); err != nil {
			return fail(fmt.Errorf("sweep: cutting the last line of the report short: %w", err))
		}
		if _, err := f.Seek(size, io.SeekStart); err != nil {
			return fail(fmt.Errorf("sweep: opening the report: %w", err))
		}
	}
	var records []Record
	for n, line := range bytes.SplitAfter(tail[:whole], []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var r Record
		if err := json.Unmarshal(line, &r); err != nil || r.Username == "" {
			return fail(fmt.Errorf("sweep: the report %s, line %d after byte %d, is not a record of this sweep (resume with the report the checkpoint was written with, or start over without the checkpoint)", path, n+1, offset))
		}
		records = append(records, r)
	}
	return f, size, records, nil
}
