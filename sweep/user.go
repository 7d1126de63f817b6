package sweep

import (
	"context"
	"errors"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/writes"
)

// maxRounds bounds how many times one user's devices are listed again
// after marks, looking for devices the earlier listings missed.
const maxRounds = 3

// userResult is what a worker did with one user.
type userResult struct {
	user    string
	records []Record
	// done is set when the user is finished: every device listed has its
	// final record. Otherwise pending says where the user stands.
	done    bool
	pending PendingUser
	// err is the error that stopped the user, other than the sweep's
	// context ending.
	err error
}

// result is the outcome of one device within userRun.
type result struct {
	outcome Outcome
	err     error
	unknown bool
}

// userRun is one worker's pass over one user.
type userRun struct {
	s      *sweeper
	user   string
	client *userClient
	prior  PendingUser

	listed  bool
	order   []string
	devices map[string]cognitodevices.DeviceType
	plan    map[string]Action
	results map[string]result
}

// sweepUser lists the user's devices, applies the policy and acts on it.
// It forgets through cognitodevices.ForgetUserDevices (which lists every
// device first, forgets the devices the policy chooses and lists again
// after forgetting), then marks, and when it marked, lists once more to
// catch devices the listing missed.
func (s *sweeper) sweepUser(ctx context.Context, user string, prior PendingUser) userResult {
	u := &userRun{s: s, user: user, prior: prior,
		client:  &userClient{p: s.pacer, c: s.client, read: cognitodevices.NewIntervalLimiter(s.rates.PerUserRead), write: cognitodevices.NewIntervalLimiter(s.rates.PerUserWrite)},
		devices: map[string]cognitodevices.DeviceType{}, plan: map[string]Action{}, results: map[string]result{}}
	if s.journal != nil {
		u.client.intend = u.intend
	}
	for round := 1; ; round++ {
		rep, err := cognitodevices.ForgetUserDevices(ctx, u.client, s.opts.UserPoolID, user, u.selector, func(o *cognitodevices.ForgetUserDevicesOptions) {
			o.DryRun = s.opts.DryRun
			o.RateLimiter = cognitodevices.NewIntervalLimiter(0) // userClient paces every request
			o.Retryer = s.retryer
			o.FinishInFlight = s.opts.FinishInFlight
		})
		u.file(rep)
		sent := 0
		if err == nil {
			sent, err = u.mark(ctx)
		}
		if err != nil {
			return u.stopped(ctx, err)
		}
		if round == maxRounds || sent == 0 {
			return u.finished()
		}
	}
}

// intend writes the intent of a write to the journal.
func (u *userRun) intend(key string, a Action) error {
	r := newRecord(u.s.opts.UserPoolID, u.user, u.devices[key], a)
	r.DeviceKey = key
	return u.s.journal.add(r)
}

// selector records the policy's choice for each device listed for the
// first time and returns the keys to forget among them.
func (u *userRun) selector(devices []cognitodevices.DeviceType) []string {
	u.listed = true
	actions := u.s.opts.Policy(devices)
	var forget []string
	for _, d := range devices {
		k := deviceKey(d)
		if _, ok := u.plan[k]; ok || k == "" {
			continue
		}
		a := actions[k]
		if a == "" || a == MarkNotRemembered && !d.Remembered() {
			a = Keep
		}
		u.order = append(u.order, k)
		u.devices[k] = d
		u.plan[k] = a
		if a == Forget {
			forget = append(forget, k)
		}
	}
	return forget
}

// file takes the outcomes of the forgets from ForgetUserDevices' report.
func (u *userRun) file(rep *cognitodevices.ForgetUserDevicesReport) {
	if rep == nil || rep.DryRun {
		return
	}
	set := func(ds []cognitodevices.DeviceType, o Outcome) {
		for _, d := range ds {
			u.results[deviceKey(d)] = result{outcome: o}
		}
	}
	set(rep.Forgotten, Forgotten)
	set(rep.AlreadyGone, Gone)
	set(rep.NotTried, NotTried)
	for _, f := range rep.Failed {
		u.results[deviceKey(f.Device)] = result{outcome: Failed, err: f.Err, unknown: f.OutcomeUnknown}
	}
}

// mark sends the marks planned and not yet sent, one device at a time.
// It returns how many it sent, and ctx's error when ctx ended first.
func (u *userRun) mark(ctx context.Context) (sent int, err error) {
	if u.s.opts.DryRun {
		return 0, nil
	}
	for _, k := range u.order {
		if u.plan[k] != MarkNotRemembered || u.results[k].outcome != "" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		key := k
		sent++
		callCtx, done := writes.InFlight(ctx, u.s.opts.FinishInFlight)
		_, err := u.client.AdminUpdateDeviceStatus(callCtx, &cognitodevices.AdminUpdateDeviceStatusInput{
			DeviceKey: &key, UserPoolId: &u.s.opts.UserPoolID, Username: &u.user,
			DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeNotRemembered,
		})
		done()
		var gone *cognitodevices.ResourceNotFoundException
		switch {
		case err == nil:
			u.results[k] = result{outcome: Marked}
		case errors.As(err, &gone):
			u.results[k] = result{outcome: Gone}
		default:
			u.results[k] = result{outcome: Failed, err: err, unknown: writes.MayHaveBeenApplied(err)}
		}
	}
	return sent, ctx.Err()
}

// record is the final record of key.
func (u *userRun) record(k string) Record {
	d, a := u.devices[k], u.plan[k]
	r := newRecord(u.s.opts.UserPoolID, u.user, d, a)
	res := u.results[k]
	switch {
	case a == Keep:
		r.Outcome = Kept
	case a == Report:
		r.Outcome = Reported
	case u.s.opts.DryRun:
		r.Outcome = Planned
	default:
		r.Outcome, r.OutcomeUnknown = res.outcome, res.outcome == Failed && res.unknown
		if res.err != nil {
			r.Error = res.err.Error()
		}
	}
	return r
}

// resolvePrior settles the writes an earlier run sent without learning
// their outcome, now that the devices are listed: a forgotten device no
// longer listed was forgotten; a marked device listed not_remembered was
// marked. It returns their records.
func (u *userRun) resolvePrior() []Record {
	var out []Record
	for _, r := range u.prior.Unknown {
		d, listed := u.devices[r.DeviceKey]
		switch {
		case r.Action == Forget && !listed:
			r.Outcome, r.OutcomeUnknown, r.Error = Forgotten, false, ""
		case r.Action == MarkNotRemembered && listed && !d.Remembered():
			r.Outcome, r.OutcomeUnknown, r.Error = Marked, false, ""
			u.plan[r.DeviceKey] = MarkNotRemembered
			u.results[r.DeviceKey] = result{outcome: Marked}
			continue // its record comes from the listing
		default:
			continue
		}
		out = append(out, r)
	}
	return out
}

// reportedBefore returns the keys whose records an earlier run wrote.
func (u *userRun) reportedBefore() map[string]bool {
	m := map[string]bool{}
	for _, k := range u.prior.Reported {
		m[k] = true
	}
	return m
}

// finished returns the user's final records.
func (u *userRun) finished() userResult {
	res := userResult{user: u.user, done: true}
	if !u.s.opts.DryRun {
		res.records = u.resolvePrior()
	}
	before := u.reportedBefore()
	for _, k := range u.order {
		if !before[k] {
			res.records = append(res.records, u.record(k))
		}
	}
	return res
}

// stopped returns what can be reported of a user the sweep did not
// finish: the records of devices whose outcome is final (forgotten, gone,
// marked), and in pending what a resumed sweep needs to report each
// device once.
func (u *userRun) stopped(ctx context.Context, err error) userResult {
	res := userResult{user: u.user}
	if ctx.Err() == nil {
		res.err = err
		res.records = append(res.records, Record{Pool: u.s.opts.UserPoolID, Username: u.user, Outcome: Failed, Error: err.Error()})
	}
	res.pending.Reported = u.prior.Reported
	if !u.listed || u.s.opts.DryRun {
		res.pending.Unknown = u.prior.Unknown
		return res
	}
	for _, r := range u.resolvePrior() {
		res.records = append(res.records, r)
		res.pending.Reported = append(res.pending.Reported, r.DeviceKey)
	}
	before := u.reportedBefore()
	for _, k := range u.order {
		if before[k] {
			continue
		}
		r := u.record(k)
		switch {
		case r.Outcome == Forgotten || r.Outcome == Gone || r.Outcome == Marked:
			res.records = append(res.records, r)
			res.pending.Reported = append(res.pending.Reported, k)
		case r.Outcome == Failed && r.OutcomeUnknown:
			r.Error = ""
			res.pending.Unknown = append(res.pending.Unknown, r)
		}
	}
	return res
}
