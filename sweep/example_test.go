package sweep_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/sweep"
)

// Forget the devices unused for 90 days, keeping each user's newest, and
// print the report.
func ExampleRun() {
	srv := devicestest.NewServer()
	defer srv.Close()
	for i, user := range []string{"alice", "bob"} {
		for j := range 3 {
			used := time.Now().Add(-time.Duration(j*100) * 24 * time.Hour)
			srv.AddDevice("us-east-1_EXAMPLE", user, cognitodevices.DeviceType{
				DeviceKey:                   aws.String(fmt.Sprintf("us-east-1_%d%d", i, j)),
				DeviceLastAuthenticatedDate: &used,
			})
		}
	}

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
