package sweep

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/cognitodevices/cognitodevices"
)

// Client is what a sweep needs of a client; *cognitodevices.Client and
// cognitodevices.API satisfy it. Pacing and the per-call options reach
// only a *cognitodevices.Client (other implementations ignore them).
type Client interface {
	cognitodevices.ListUsersAPIClient
	cognitodevices.DeviceHousekeeper
	AdminUpdateDeviceStatus(ctx context.Context, params *cognitodevices.AdminUpdateDeviceStatusInput, optFns ...func(*cognitodevices.Options)) (*cognitodevices.AdminUpdateDeviceStatusOutput, error)
}

// DefaultWorkers is how many users a sweep works on at once unless
// Options.Workers says otherwise.
const DefaultWorkers = 4

// DefaultAttempts is how many times a sweep tries one request unless
// Options.Retryer says otherwise.
const DefaultAttempts = 5

// Options configures Run. UserPoolID and Policy are required.
type Options struct {
	// UserPoolID is the pool swept.
	UserPoolID string

	// Filter, when set, sweeps only the users this ListUsers filter
	// matches, such as `status = "Enabled"`.
	Filter string

	// Usernames, when set, sweeps these users (each once, in this order)
	// instead of listing the pool.
	Usernames []string

	// Policy chooses what to do with each device.
	Policy Policy

	// DryRun lists and applies the policy, and reports each device as
	// the real run would, with the outcome Planned for those it would
	// forget or mark, without sending any write.
	DryRun bool

	// Workers is how many users are swept at once; 0 means
	// DefaultWorkers.
	Workers int

	// Rates paces the requests: one limiter per quota category, shared by
	// every worker, plus limits per user. Each category's pace halves on
	// each TooManyRequestsException and recovers on successes.
	Rates Rates

	// Limiters are waited on, besides the sweep's own limiter of the
	// category and the client's Options.RateLimiter, before each request
	// of their category. Share one between sweeps (or processes, through
	// a limiter of your own) that use one account's quota.
	Limiters map[Category]cognitodevices.RateLimiter

	// Retryer decides which failures are tried again and after how long;
	// nil means retry.NewStandard with DefaultAttempts attempts. The
	// sweep makes every attempt itself, one request per call, so that it
	// sees each throttling and each write's outcome.
	Retryer aws.Retryer

	// Checkpoint, when set, is the path of the checkpoint file: a sweep
	// resumes from it when it exists and rewrites it as it starts, as
	// users finish and when it returns. The journal of the writes sent is
	// kept beside it, at the same path plus ".journal" (see the package
	// documentation), and removed once the sweep is complete. A dry run
	// reads the checkpoint but writes neither.
	Checkpoint string

	// CheckpointInterval is the least time between two writes of the
	// checkpoint while the sweep runs; it is always written when Run
	// returns. 0 writes it each time a user finishes.
	CheckpointInterval time.Duration

	// Report receives one JSON object per line, a Record each, in one
	// Write per user. Nil discards the records unless ReportFile is set.
	Report io.Writer

	// ReportFile, when set, is the path of a file the records are
	// appended to (created when it does not exist, readable by its owner
	// only: it names users and their devices), as Report would
	// receive them; set at most one of the two. With a checkpoint, it
	// makes the report exact even when the process is killed outright: a
	// resumed sweep reads back the records written after the checkpoint
	// it resumes from, and writes none of their devices again.
	ReportFile string

	// Progress, when set, is called after each user is finished or
	// stopped, from one goroutine at a time.
	Progress func(Progress)

	// TotalUsers, when known, lets Progress estimate the time left when
	// sweeping a pool (with Usernames it is their number).
	TotalUsers int

	// ClientOptions are applied to every call, before the sweep's own.
	ClientOptions []func(*cognitodevices.Options)

	// FinishInFlight, when not zero, lets a write that is out when ctx
	// ends go on for up to this long, so that its answer is reported
	// instead of an unknown outcome; no new request starts once ctx has
	// ended. Zero cancels it with ctx.
	FinishInFlight time.Duration
}

// Progress is how far a sweep has come in this run.
type Progress struct {
	// UsersScanned are the users listed (or given), UsersDone those
	// finished, UsersSkipped those a checkpoint says were finished.
	UsersScanned, UsersDone, UsersSkipped int
	// DevicesSeen are the records written; Acted the devices forgotten,
	// marked or gone; Failed the failed records.
	DevicesSeen, Acted, Failed int
	// Elapsed is the time since the run started, UsersPerSecond the rate
	// at which users were finished.
	Elapsed        time.Duration
	UsersPerSecond float64
	// TotalUsers is the number of users to sweep, 0 when unknown; ETA the
	// estimated time left, 0 when it cannot be estimated.
	TotalUsers int
	ETA        time.Duration
}

// Summary is what Run did.
type Summary struct {
	Progress
	// Outcomes counts the records by outcome.
	Outcomes map[Outcome]int
	// Calls counts the attempts sent per category, Throttled those
	// answered TooManyRequestsException.
	Calls, Throttled map[Category]int
	// Rate is each category's pace when the sweep ended, LowestRate the
	// slowest it went (in requests per second).
	Rate, LowestRate map[Category]float64
	// Complete is set when every user is finished (as the checkpoint
	// says).
	Complete bool
}

// Run sweeps the users of a pool: for each user it lists the devices,
// applies the policy, forgets or marks the devices it chose, lists again
// and writes one Record per device to Options.Report. See the package
// documentation for the guarantees.
//
// Run returns when every user is done, when ctx ends (with ctx's error),
// or when listing the users, writing the report or the checkpoint fails.
// A user whose devices cannot be listed gets a record with the error and
// is left for a resumed run; it does not end the sweep.
func Run(ctx context.Context, client Client, opts Options) (*Summary, error) {
	if client == nil {
		return nil, cognitodevices.ErrNilClient
	}
	if opts.UserPoolID == "" || opts.Policy == nil {
		return nil, errors.New("sweep: Options needs a UserPoolID and a Policy")
	}
	if opts.Report != nil && opts.ReportFile != "" {
		return nil, errors.New("sweep: set Options.Report or Options.ReportFile, not both")
	}
	s := &sweeper{client: client, opts: opts, rates: opts.Rates.withDefaults(), retryer: opts.Retryer, started: time.Now()}
	if s.retryer == nil {
		s.retryer = retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = DefaultAttempts })
	}
	if s.opts.Workers <= 0 {
		s.opts.Workers = DefaultWorkers
	}
	s.pacer = newPacer(s.rates, opts.Limiters, s.retryer, opts.ClientOptions)
	s.users = uniqueUsers(opts.Usernames)
	if s.users != nil {
		s.opts.TotalUsers = len(s.users)
	}
	if err := s.resume(); err != nil {
		s.close()
		return nil, err
	}
	var err error
	if !s.cp.Complete {
		err = s.run(ctx)
	}
	if cerr := s.close(); err == nil {
		err = cerr
	}
	return s.summary(), err
}

// sweeper is one run.
type sweeper struct {
	client  Client
	opts    Options
	rates   Rates
	retryer aws.Retryer
	pacer   *pacer
	users   []string // Options.Usernames, each once; nil when listing the pool
	started time.Time

	// journal records each write before it is sent (nil without a
	// checkpoint, and in a dry run); report receives the records, and
	// reportFile, when Options.ReportFile is set, is that file, holding
	// reportSize bytes.
	journal    *journal
	report     io.Writer
	reportFile *os.File
	reportSize int64

	// Owned by the collector (run's goroutine).
	cp        Checkpoint
	done      map[string]bool // finished, in the pages from the checkpoint's token on
	swept     map[string]bool // swept in this run, finished or not
	pages     []*page
	exhausted bool
	progress  Progress
	outcomes  map[Outcome]int
	lastSaved time.Time
}

// page is a page of users not all finished.
type page struct {
	token, next string
	users       []string
	left        map[string]bool
}

// event reaches the collector: a page listed, a user swept, or the end of
// the listing.
type event struct {
	page    *page
	result  *userResult
	listErr error
	end     bool
}

func uniqueUsers(names []string) []string {
	if len(names) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// resume loads the checkpoint, when there is one, and checks it is this
// sweep's; it opens the report, and with a checkpoint, settles what a run
// killed outright left in the report's tail and in the journal, writes
// the checkpoint that holds it and starts the journal afresh.
func (s *sweeper) resume() error {
	s.cp = Checkpoint{Version: checkpointVersion, Pool: s.opts.UserPoolID, Filter: s.opts.Filter, Users: s.users}
	s.done = map[string]bool{}
	s.swept = map[string]bool{}
	s.outcomes = map[Outcome]int{}
	s.progress.TotalUsers = s.opts.TotalUsers
	s.report = io.Discard
	if s.opts.Report != nil {
		s.report = s.opts.Report
	}
	var cp *Checkpoint
	if s.opts.Checkpoint != "" {
		var err error
		if cp, err = ReadCheckpoint(s.opts.Checkpoint); err != nil {
			return err
		}
	}
	if cp != nil {
		if cp.Pool != s.cp.Pool || cp.Filter != s.cp.Filter || !slices.Equal(cp.Users, s.cp.Users) {
			return fmt.Errorf("sweep: the checkpoint %s is of another sweep (pool %q, filter %q, %d users)", s.opts.Checkpoint, cp.Pool, cp.Filter, len(cp.Users))
		}
		s.cp = *cp
		for _, u := range cp.Done {
			s.done[u] = true
		}
	}
	keeping := s.opts.Checkpoint != "" && !s.opts.DryRun
	var tail []Record
	if s.opts.ReportFile != "" {
		f, size, records, err := openReport(s.opts.ReportFile, s.cp.ReportOffset, keeping && cp != nil)
		if err != nil {
			return err
		}
		s.report, s.reportFile, s.reportSize, tail = f, f, size, records
	}
	if !keeping {
		return nil
	}
	var intents []Record
	if cp != nil {
		var err error
		if intents, err = readJournal(s.opts.Checkpoint); err != nil {
			return err
		}
	}
	s.settle(tail, intents)
	if err := s.cp.write(s.opts.Checkpoint); err != nil {
		return err
	}
	j, err := openJournal(s.opts.Checkpoint)
	s.journal = j
	return err
}

// settle adds to the pending users what a run killed outright left
// behind: the devices whose records are in the report's tail count as
// reported, and the writes of the journal not reported are writes of
// unknown outcome.
func (s *sweeper) settle(tail, intents []Record) {
	update := func(user string, f func(*PendingUser)) {
		p := s.cp.Pending[user]
		f(&p)
		s.setPending(user, p)
	}
	for _, r := range tail {
		if r.DeviceKey == "" || s.done[r.Username] {
			continue
		}
		update(r.Username, func(p *PendingUser) {
			if !slices.Contains(p.Reported, r.DeviceKey) {
				p.Reported = append(p.Reported, r.DeviceKey)
			}
			p.Unknown = slices.DeleteFunc(p.Unknown, func(u Record) bool { return u.DeviceKey == r.DeviceKey })
		})
	}
	for _, r := range intents {
		if s.done[r.Username] {
			continue
		}
		update(r.Username, func(p *PendingUser) {
			if slices.Contains(p.Reported, r.DeviceKey) || slices.ContainsFunc(p.Unknown, func(u Record) bool { return u.DeviceKey == r.DeviceKey }) {
				return
			}
			r.Outcome, r.OutcomeUnknown, r.Error = Failed, true, ""
			p.Unknown = append(p.Unknown, r)
		})
	}
	s.cp.ReportOffset = s.reportSize
}

// close closes the journal, removing it once the sweep is complete, and
// the report file.
func (s *sweeper) close() error {
	s.journal.close()
	if s.journal != nil && s.cp.Complete {
		os.Remove(s.journal.path)
	}
	if s.reportFile == nil {
		return nil
	}
	if err := s.reportFile.Close(); err != nil {
		return fmt.Errorf("sweep: writing the report: %w", err)
	}
	return nil
}

type job struct {
	user  string
	prior PendingUser
}

// run lists the users in one goroutine, sweeps them in Workers others,
// and collects the results in its own: the report, the progress and the
// checkpoint are written from it alone.
func (s *sweeper) run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := make(chan event)
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range s.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				r := s.sweepUser(ctx, j.user, j.prior)
				events <- event{result: &r}
			}
		}()
	}
	// The lister reads these until it ends; the collector owns s.done
	// and s.cp, where the users not swept yet stay pending as they were.
	pending, skip := maps.Clone(s.cp.Pending), maps.Clone(s.done)
	go func() {
		defer func() {
			close(jobs)
			wg.Wait()
			close(events)
		}()
		s.list(ctx, events, jobs, pending, skip)
	}()

	var errs []error
	for e := range events {
		switch {
		case e.page != nil:
			s.addPage(e.page)
		case e.listErr != nil:
			errs = append(errs, e.listErr)
		case e.end:
			s.exhausted = true
		case e.result != nil:
			if err := s.collect(e.result); err != nil {
				errs = append(errs, err)
				cancel()
			}
		}
	}
	if s.exhausted && len(s.pages) == 0 {
		s.cp.Complete = true
	}
	if err := s.save(true); err != nil {
		errs = append(errs, err)
	}
	if err := ctx.Err(); err != nil && len(errs) == 0 {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// list walks the users (Options.Usernames, or the pool's pages from the
// checkpoint's token), announces each page to the collector before
// handing its users to the workers, and skips the users already done.
func (s *sweeper) list(ctx context.Context, events chan<- event, jobs chan<- job, pending map[string]PendingUser, skip map[string]bool) {
	dispatch := func(p *page) bool {
		events <- event{page: p}
		for _, u := range p.users {
			if skip[u] {
				continue
			}
			select {
			case jobs <- job{user: u, prior: pending[u]}:
			case <-ctx.Done():
				return false
			}
		}
		return true
	}
	if s.users != nil {
		if dispatch(&page{users: s.users}) {
			events <- event{end: true}
		}
		return
	}
	in := &cognitodevices.ListUsersInput{UserPoolId: &s.opts.UserPoolID, AttributesToGet: []string{"sub"}}
	if s.opts.Filter != "" {
		in.Filter = &s.opts.Filter
	}
	token := s.cp.PaginationToken
	if token != "" {
		in.PaginationToken = &token
	}
	pager := cognitodevices.NewListUsersPaginator(s.client, in, func(o *cognitodevices.ListUsersPaginatorOptions) { o.Limit = 60 })
	for pager.HasMorePages() {
		out, err := call(ctx, s.pacer, UserList, nil, true, nil, func(opts []func(*cognitodevices.Options)) (*cognitodevices.ListUsersOutput, error) {
			return pager.NextPage(ctx, opts...)
		})
		if err != nil {
			if ctx.Err() == nil {
				events <- event{listErr: fmt.Errorf("sweep: listing the users: %w", err)}
			}
			return
		}
		p := &page{token: token, next: aws.ToString(out.PaginationToken)}
		for _, u := range out.Users {
			p.users = append(p.users, aws.ToString(u.Username))
		}
		if !dispatch(p) {
			return
		}
		token = p.next
	}
	events <- event{end: true}
}

// addPage records a page listed; the users the checkpoint says are done
// count as skipped.
func (s *sweeper) addPage(p *page) {
	p.left = map[string]bool{}
	for _, u := range p.users {
		s.progress.UsersScanned++
		if s.done[u] {
			s.progress.UsersSkipped++
		} else {
			p.left[u] = true
		}
	}
	s.pages = append(s.pages, p)
	s.advance()
}

// advance drops the finished pages at the front, moving the checkpoint's
// token past them and forgetting their users.
func (s *sweeper) advance() {
	for len(s.pages) > 0 && len(s.pages[0].left) == 0 {
		p := s.pages[0]
		s.pages = s.pages[1:]
		if s.users == nil {
			s.cp.PaginationToken = p.next
			for _, u := range p.users {
				delete(s.done, u)
			}
		}
	}
}

// collect writes a user's records, in one Write, and updates the
// progress and the checkpoint.
func (s *sweeper) collect(r *userResult) error {
	s.swept[r.user] = true
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, rec := range r.records {
		if err := enc.Encode(rec); err != nil {
			return fmt.Errorf("sweep: writing the report: %w", err)
		}
		s.outcomes[rec.Outcome]++
		if rec.DeviceKey != "" {
			s.progress.DevicesSeen++
		}
		switch rec.Outcome {
		case Forgotten, Gone, Marked:
			s.progress.Acted++
		case Failed:
			s.progress.Failed++
		}
	}
	if buf.Len() > 0 {
		n, err := s.report.Write(buf.Bytes())
		s.reportSize += int64(n)
		if err != nil {
			return fmt.Errorf("sweep: writing the report: %w", err)
		}
	}
	s.journal.drop(r.user)
	if r.done {
		s.progress.UsersDone++
		s.done[r.user] = true
		delete(s.cp.Pending, r.user)
		for _, p := range s.pages {
			delete(p.left, r.user)
		}
		s.advance()
	} else {
		s.setPending(r.user, r.pending)
	}
	s.notify()
	if err := s.journal.failed(); err != nil {
		return err
	}
	return s.save(false)
}

func (s *sweeper) setPending(user string, p PendingUser) {
	if len(p.Reported) == 0 && len(p.Unknown) == 0 {
		delete(s.cp.Pending, user)
		return
	}
	if s.cp.Pending == nil {
		s.cp.Pending = map[string]PendingUser{}
	}
	s.cp.Pending[user] = p
}

// save writes the checkpoint, at most once per CheckpointInterval unless
// final.
func (s *sweeper) save(final bool) error {
	if s.opts.Checkpoint == "" || s.opts.DryRun {
		return nil
	}
	if !final && time.Since(s.lastSaved) < s.opts.CheckpointInterval {
		return nil
	}
	s.lastSaved = time.Now()
	s.cp.Done = slices.Sorted(maps.Keys(s.done))
	s.cp.ReportOffset = s.reportSize
	if err := s.cp.write(s.opts.Checkpoint); err != nil {
		return err
	}
	return s.journal.compact(final)
}

func (s *sweeper) notify() {
	p := &s.progress
	p.Elapsed = time.Since(s.started)
	if secs := p.Elapsed.Seconds(); secs > 0 {
		p.UsersPerSecond = float64(p.UsersDone) / secs
	}
	p.ETA = 0
	if left := p.TotalUsers - p.UsersDone - p.UsersSkipped; p.TotalUsers > 0 && p.UsersPerSecond > 0 && left > 0 {
		p.ETA = time.Duration(float64(left) / p.UsersPerSecond * float64(time.Second))
	}
	if s.opts.Progress != nil {
		s.opts.Progress(*p)
	}
}

func (s *sweeper) summary() *Summary {
	sum := &Summary{Progress: s.progress, Outcomes: s.outcomes, Complete: s.cp.Complete,
		Calls: map[Category]int{}, Throttled: map[Category]int{}, Rate: map[Category]float64{}, LowestRate: map[Category]float64{}}
	sum.Elapsed = time.Since(s.started)
	for _, c := range categories {
		sum.Calls[c] = int(s.pacer.calls[c].Load())
		sum.Throttled[c] = int(s.pacer.throttles[c].Load())
		sum.Rate[c], sum.LowestRate[c] = s.pacer.adaptive[c].rates()
	}
	return sum
}
