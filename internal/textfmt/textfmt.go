// Package textfmt formats numbers for people: the CLI's tables and the
// router's summary lines.
package textfmt

import (
	"strconv"
	"strings"
)

// Thousands formats x rounded to a whole number with a comma every three
// digits: 1234567.8 → "1,234,568".
func Thousands(x float64) string {
	s := strconv.FormatFloat(x, 'f', 0, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Duration formats a span of hours for people: below a day with one
// decimal ("5.6 h"), from a day on in whole days and hours, rounded to the
// hour ("33 d 2 h", "2 d 0 h"). A negative span keeps its sign.
func Duration(hours float64) string {
	if hours < 0 {
		return "-" + Duration(-hours)
	}
	if hours < 23.95 {
		return strconv.FormatFloat(hours, 'f', 1, 64) + " h"
	}
	h := int64(hours + 0.5)
	return strconv.FormatInt(h/24, 10) + " d " + strconv.FormatInt(h%24, 10) + " h"
}
