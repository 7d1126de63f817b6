package cognitodevices

import (
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aws/smithy-go"
)

// Bounds on what an error keeps of what a response sent, so that no
// response can make an error string megabytes long.
const (
	// maxQuotedLen bounds a value quoted in an error (a malformed number,
	// a Location header, a URL).
	maxQuotedLen = 64
	// maxMessageLen bounds a service message or reason code.
	maxMessageLen = 1024
	// maxCodeLen bounds an error code.
	maxCodeLen = 128
)

// truncate returns s cut to at most n bytes at a character boundary, with
// "..." appended when it was cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:runeCut(s, n)] + "..."
}

// quotePrefix quotes s, or only its first n bytes followed by "...".
func quotePrefix(s string, n int) string {
	if len(s) <= n {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:runeCut(s, n)]) + "..."
}

// runeCut returns the largest index at most n that starts a character of
// s, so that cutting there splits no UTF-8 sequence.
func runeCut(s string, n int) int {
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// unknownErrorCode names an error whose response carried no code at all,
// as the official client does.
const unknownErrorCode = "UnknownError"

// errorBody holds the members of an awsJson1_1 error body this package
// reads. Keys are matched without regard to case, as the official client's
// decoder does.
type errorBody struct {
	typ        string
	code       string
	message    *string
	reasonCode *string
}

// parseErrorBody reads an error body. An empty body yields an empty
// errorBody and no error; a body that is not a JSON object is an error.
func parseErrorBody(body string) (errorBody, error) {
	var out errorBody
	r := jsonReader{src: body}
	if r.atEnd() {
		return out, nil
	}
	err := r.object("error body", func(key string) error {
		var target *string
		switch {
		case strings.EqualFold(key, "__type"):
			target = &out.typ
		case strings.EqualFold(key, "code"):
			target = &out.code
		case strings.EqualFold(key, "message"):
			out.message = new(string)
			target = out.message
		case strings.EqualFold(key, "reasonCode"):
			out.reasonCode = new(string)
			target = out.reasonCode
		}
		if target == nil || r.peek() != '"' {
			return r.skip()
		}
		text, err := r.text()
		*target = truncate(text, maxMessageLen)
		return err
	})
	if err != nil {
		return out, err
	}
	return out, r.end()
}

// sanitizeErrorCode reduces a code such as
// "aws.protocol#TooManyRequestsException:http://..." to its name: the part
// before the first ':', then the part after the first '#'.
func sanitizeErrorCode(code string) string {
	code, _, _ = strings.Cut(code, ":")
	if _, after, found := strings.Cut(code, "#"); found {
		code = after
	}
	return code
}

// decodeAPIError turns a non-2xx response into the error it stands for: a
// typed exception when the code is known, a *smithy.GenericAPIError
// otherwise. The code comes from the X-Amzn-ErrorType header, else the body's
// __type, else its code member. A body that is not JSON, or an empty body
// without a code header, still gives an error whose message names the HTTP
// status (and quotes the start of the body).
func decodeAPIError(status int, header http.Header, body string) error {
	info, parseErr := parseErrorBody(body)
	code := header.Get("X-Amzn-ErrorType")
	if code == "" {
		code = info.typ
	}
	if code == "" {
		code = info.code
	}
	code = truncate(sanitizeErrorCode(code), maxCodeLen)
	// A body that breaks off after the members that matter, or has junk
	// after the object, still names a known code: keep the typed error.
	_, known := exceptionTable[strings.ToLower(code)]
	if (parseErr != nil && !known) || (code == "" && strings.TrimSpace(body) == "") {
		if code == "" {
			code = unknownErrorCode
		}
		desc := " with a body that is not a JSON object: " + bodySnippet(body)
		if parseErr == nil {
			desc = " with an empty body"
		}
		return &smithy.GenericAPIError{
			Code:    code,
			Message: "HTTP " + strconv.Itoa(status) + " " + http.StatusText(status) + desc,
			Fault:   faultForStatus(status),
		}
	}
	if newErr, ok := exceptionTable[strings.ToLower(code)]; ok {
		return newErr(&info)
	}
	if code == "" {
		code = unknownErrorCode
	}
	msg := unknownErrorCode
	if info.message != nil && *info.message != "" {
		msg = *info.message
	}
	return &smithy.GenericAPIError{Code: code, Message: msg}
}

func faultForStatus(status int) smithy.ErrorFault {
	if status >= 500 {
		return smithy.FaultServer
	}
	return smithy.FaultClient
}

// bodySnippet quotes at most the first 128 bytes of a body, with anything
// unprintable escaped, so an error message stays short and one line.
func bodySnippet(body string) string {
	const limit = 128
	if len(body) == 0 {
		return "(empty)"
	}
	cut := body
	if len(cut) > limit {
		cut = cut[:limit]
	}
	cut = strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return ' '
	}, cut)
	if len(body) > limit {
		return strconv.Quote(cut) + "..."
	}
	return strconv.Quote(cut)
}
