package devicestest

import (
	"github.com/cognitodevices/cognitodevices"

	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
)

// Pagination tokens carry the offset of the next page and a MAC over the
// pool, the user and the offset under a key private to the server, so a
// token is refused for another user, by another server, or when altered.
// They hold no state on the server, whatever the number of pages.
const pageMACSize = 16

func (s *Server) pageToken(poolID, username string, offset int) string {
	buf := binary.BigEndian.AppendUint64(make([]byte, 0, 8+pageMACSize), uint64(offset))
	buf = append(buf, s.pageMAC(poolID, username, buf)...)
	return base64.RawURLEncoding.EncodeToString(buf)
}

// pageOffset returns the offset a token of this user carries, or false
// when the token was not issued for this user by this server.
func (s *Server) pageOffset(token, poolID, username string) (int, bool) {
	buf, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(buf) != 8+pageMACSize || !hmac.Equal(buf[8:], s.pageMAC(poolID, username, buf[:8])) {
		return 0, false
	}
	return int(binary.BigEndian.Uint64(buf)), true
}

func (s *Server) pageMAC(poolID, username string, offset []byte) []byte {
	mac := hmac.New(sha256.New, s.pageKey)
	mac.Write([]byte(poolID))
	mac.Write([]byte{0})
	mac.Write([]byte(username))
	mac.Write([]byte{0})
	mac.Write(offset)
	return mac.Sum(nil)[:pageMACSize]
}

// page returns the devices of list, the devices of a user that one kind
// of operation sees, from the offset the token names (the start when
// token is nil) and the token of the following page, nil on the last
// page. limit 0 means the server's default page size. The caller holds
// s.mu and has validated limit.
func (s *Server) page(poolID, username string, list []cognitodevices.DeviceType, limit int64, token *string) (wirePage, error) {
	offset := 0
	if token != nil {
		var ok bool
		if offset, ok = s.pageOffset(*token, poolID, username); !ok {
			return wirePage{}, newError("InvalidParameterException", "Invalid pagination token.")
		}
	}
	size := s.pageSize
	if limit > 0 {
		size = int(limit)
	}
	start := min(offset, len(list))
	end := min(start+size, len(list))
	out := wirePage{Devices: make([]wireDevice, 0, end-start)}
	for _, d := range list[start:end] {
		out.Devices = append(out.Devices, toWire(d))
	}
	if end < len(list) {
		next := s.pageToken(poolID, username, end)
		out.PaginationToken = &next
	}
	return out, nil
}
