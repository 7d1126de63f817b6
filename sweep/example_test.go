package sweep_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/sweep"
)

// exampleServer is a fake service whose users alice and bob have three
// devices each, last used today, 100 and 200 days ago.
func exampleServer() *devicestest.Server {
	srv := devicestest.NewServer()
	for i, user := range []string{"alice", "bob"} {
		for j := range 3 {
			used := time.Now().Add(-time.Duration(j*100) * 24 * time.Hour)
			srv.AddDevice("us-east-1_EXAMPLE", user, cognitodevices.DeviceType{
				DeviceKey:                   aws.String(fmt.Sprintf("us-east-1_%d%d", i, j)),
				DeviceLastAuthenticatedDate: &used,
			})
		}
	}
	return srv
}

// Forget the devices unused for 90 days, keeping each user's newest, and
// print the report.
func ExampleRun() {
	srv := exampleServer()
	defer srv.Close()

	var report bytes.Buffer // one JSON object a line; a file in practice
	sum, err := sweep.Run(context.Background(), srv.Client(), sweep.Options{
		UserPoolID: "us-east-1_EXAMPLE",
		Policy:     sweep.KeepNewest(1, sweep.Stale(90*24*time.Hour)),
		Workers:    1,
		Report:     &report,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	lines := bufio.NewScanner(&report)
	for lines.Scan() {
		var rec sweep.Record
		if err := json.Unmarshal(lines.Bytes(), &rec); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(rec.Username, rec.DeviceKey, rec.Action, rec.Outcome)
	}
	fmt.Println(sum.UsersDone, "users,", sum.Outcomes[sweep.Forgotten], "devices forgotten")
	// Output:
	// alice us-east-1_00 keep kept
	// alice us-east-1_01 forget forgotten
	// alice us-east-1_02 forget forgotten
	// bob us-east-1_10 keep kept
	// bob us-east-1_11 forget forgotten
	// bob us-east-1_12 forget forgotten
	// 2 users, 4 devices forgotten
}

// A resumable sweep: a checkpoint and a report file. The first run is
// stopped after its first user (as Ctrl-C or a kill would stop it); run
// again with the same options, the sweep resumes, and the report file
// holds each device once.
func ExampleRun_resumable() {
	srv := exampleServer()
	defer srv.Close()
	dir, err := os.MkdirTemp("", "sweep")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	ctx, stop := context.WithCancel(context.Background())
	opts := sweep.Options{
		UserPoolID: "us-east-1_EXAMPLE",
		Policy:     sweep.KeepNewest(1, sweep.Stale(90*24*time.Hour)),
		Workers:    1,
		Checkpoint: filepath.Join(dir, "checkpoint.json"),
		ReportFile: filepath.Join(dir, "report.jsonl"),
		Progress:   func(sweep.Progress) { stop() }, // stop after the first user
	}
	sum, err := sweep.Run(ctx, srv.Client(), opts)
	fmt.Println("first run:", err, "complete:", sum.Complete)

	opts.Progress = nil
	sum, err = sweep.Run(context.Background(), srv.Client(), opts)
	fmt.Println("second run:", err, "complete:", sum.Complete)

	b, err := os.ReadFile(opts.ReportFile)
	if err != nil {
		fmt.Println(err)
		return
	}
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var rec sweep.Record
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			fmt.Println(err)
			return
		}
		lines = append(lines, fmt.Sprint(rec.Username, " ", rec.DeviceKey, " ", rec.Outcome))
	}
	slices.Sort(lines)
	fmt.Println(strings.Join(lines, "\n"))
	// Output:
	// first run: context canceled complete: false
	// second run: <nil> complete: true
	// alice us-east-1_00 kept
	// alice us-east-1_01 forgotten
	// alice us-east-1_02 forgotten
	// bob us-east-1_10 kept
	// bob us-east-1_11 forgotten
	// bob us-east-1_12 forgotten
}
