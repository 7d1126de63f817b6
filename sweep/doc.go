// Package sweep cleans the remembered devices of a whole user pool, or of
// a list of its users: for each user it lists the devices
// (AdminListDevices), applies a Policy (stale devices, not remembered
// devices, a cap per user, a trust window that marks devices
// not_remembered, and their combinations), forgets
// (AdminForgetDevice) or marks (AdminUpdateDeviceStatus) the devices the
// policy chose, and writes one JSON line per device to a report. It uses
// only the exported API of package cognitodevices, as aws-sdk-go-v2's
// feature packages sit on a service client, and forgets through
// cognitodevices.ForgetUserDevices.
//
// # Pacing
//
// Each request waits on the limiter of its quota category (UserList for
// ListUsers, UserResourceRead for device reads, UserResourceUpdate for
// device writes; Cognito's defaults unless Options.Rates says otherwise),
// shared by every worker, on the limits per user (10 reads and 10 writes
// a second by default), and on the client's own Options.RateLimiter,
// which it keeps: the sweep's limiters are chained after it in each
// call's options. A TooManyRequestsException halves its category's pace,
// which climbs back with the successes that follow.
//
// # Guarantees
//
// Each device listed gets one record with one outcome: kept, reported,
// planned (dry run), forgotten (confirmed, or not found after an attempt
// of this sweep that the service may have applied), gone (not found when
// first asked), marked_not_remembered, failed (with the error, and
// outcome_unknown when the write may have been applied nonetheless) or
// not_tried. A user is finished once its devices were listed, acted on,
// and listed again after any write, so that devices the first listing
// missed are handled too.
//
// A dry run sends no write: it reports the records the real run would
// write, with the outcome planned for the devices it would forget or
// mark.
//
// With a checkpoint file, a sweep stopped at any moment and run again
// with the same options resumes: no user is skipped (the checkpoint's
// ListUsers token is that of the first page holding a user not finished,
// and the users finished after it are listed by name), and no write is
// sent again for a device whose write the service applied, because a
// resumed user's devices are listed again first: a forgotten device is no
// longer listed, and a device already not_remembered is never marked.
// (A write whose first attempt was not applied may be sent again; a
// forget that meets a device forgotten meanwhile is reported gone.)
//
// When the sweep stops because its context ends, it writes the
// checkpoint as it returns, with the keys of the devices it reported for
// the users it did not finish and the writes it sent without learning
// their outcome; then the reports of the interrupted runs and of the run
// that finishes, taken together, hold each device exactly once, with the
// outcome an uninterrupted run would have given it.
//
// When the process is killed outright (kill -9), nothing more is written,
// and two files settle it on resume. Before each write is sent, its
// intent is appended to a journal beside the checkpoint (the checkpoint's
// path plus ".journal"): a resumed sweep that no longer lists a device
// it was forgetting reports it forgotten, as for a write interrupted
// without an answer. With Options.ReportFile, the checkpoint holds the
// report's size when it was written: a resumed sweep reads the records
// written after it (cutting off a last line the kill left half-written)
// and writes none of their devices again, so the report file holds each
// device exactly once across the runs. With Options.Report instead, the
// sweep cannot read back what reached the writer, and the records of the
// users finished after the last checkpoint are written again. The journal
// is not synced to disk: it survives the process, not the machine.
package sweep
