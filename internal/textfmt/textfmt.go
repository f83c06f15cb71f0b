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
