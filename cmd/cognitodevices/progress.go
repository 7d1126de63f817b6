package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/cognitodevices/cognitodevices/sweep"
)

// isTerminal reports whether f is a character device, such as a
// terminal (a pipe or a file is not).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressPrinter shows a sweep's progress on stderr: a bar redrawn in
// place on a terminal, a plain line every few seconds otherwise.
type progressPrinter struct {
	w        io.Writer
	terminal bool
	every    time.Duration
	last     time.Time
	drawn    bool
}

func newProgressPrinter(w io.Writer, terminal bool) *progressPrinter {
	p := &progressPrinter{w: w, terminal: terminal, every: 5 * time.Second}
	if terminal {
		p.every = 100 * time.Millisecond
	}
	return p
}

// update is the sweep's Progress callback.
func (p *progressPrinter) update(pr sweep.Progress) {
	now := time.Now()
	if now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	counts := fmt.Sprintf("%d users done", pr.UsersDone)
	if pr.UsersSkipped > 0 {
		counts += fmt.Sprintf(", %d skipped", pr.UsersSkipped)
	}
	counts += fmt.Sprintf(", %d devices seen, %d acted on, %d failed, %.0f users/s", pr.DevicesSeen, pr.Acted, pr.Failed, pr.UsersPerSecond)
	if pr.ETA > 0 {
		counts += ", " + pr.ETA.Round(time.Second).String() + " left"
	}
	if !p.terminal {
		fmt.Fprintf(p.w, "progress: %s\n", counts)
		return
	}
	bar := ""
	if pr.TotalUsers > 0 {
		const width = 30
		filled := min(width, width*(pr.UsersDone+pr.UsersSkipped)/pr.TotalUsers)
		bar = fmt.Sprintf("[%s%s] %d/%d ", strings.Repeat("#", filled), strings.Repeat(" ", width-filled), pr.UsersDone+pr.UsersSkipped, pr.TotalUsers)
	}
	fmt.Fprintf(p.w, "\r\033[K%s%s", bar, counts)
	p.drawn = true
}

// done ends the bar's line.
func (p *progressPrinter) done() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
