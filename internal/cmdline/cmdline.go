// Package cmdline gives the programs of this repository one command line
// behaviour: -h and -help print the usage (what the program does, its
// flags and the environment variables it reads) on standard error and
// exit 0 before the program does anything; an unknown flag, or an
// argument where the program takes none, prints the error and the usage
// and exits 2.
package cmdline

import (
	"errors"
	"flag"
	"fmt"
	"os"
)

// NewFlagSet returns an empty flag set for the program name whose usage
// is header, then the flags defined on it, then footer.
func NewFlagSet(name, header, footer string) *flag.FlagSet {
	flags := flag.NewFlagSet(name, flag.ExitOnError)
	flags.Usage = func() {
		fmt.Fprint(flags.Output(), header)
		flags.PrintDefaults()
		fmt.Fprint(flags.Output(), footer)
	}
	return flags
}

// Parse parses args, the command line without the program name, with
// flags, such as those of NewFlagSet. It returns only when the program is
// to run: for -h and -help it exits 0, and for an unknown flag or an
// argument that is not a flag it exits 2, each after printing the usage.
func Parse(flags *flag.FlagSet, args []string) {
	if err := flags.Parse(args); err != nil { // only when flags do not exit on error themselves
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(2)
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(flags.Output(), "%s: unexpected argument %q\n\n", flags.Name(), flags.Arg(0))
		flags.Usage()
		os.Exit(2)
	}
}
