// Package textfmt formats numbers for people: the CLI's tables and the
// router's summary lines.
package textfmt

import "strconv"

// Thousands formats x rounded to a whole number with a comma every three
// digits: 1234567.8 → "1,234,568".
func Thousands(x float64) string { return string(AppendThousands(nil, x)) }

// AppendThousands appends Thousands(x) to dst.
func AppendThousands(dst []byte, x float64) []byte {
	var digits [32]byte
	s := strconv.AppendFloat(digits[:0], x, 'f', 0, 64)
	if len(s) > 0 && s[0] == '-' {
		dst = append(dst, '-')
		s = s[1:]
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, c)
	}
	return dst
}

// Duration formats a span of hours for people: below a day with one
// decimal ("5.6 h"), from a day on in whole days and hours, rounded to the
// hour ("33 d 2 h", "2 d 0 h"). A negative span keeps its sign.
func Duration(hours float64) string { return string(AppendDuration(nil, hours)) }

// AppendDuration appends Duration(hours) to dst.
func AppendDuration(dst []byte, hours float64) []byte {
	if hours < 0 {
		dst = append(dst, '-')
		hours = -hours
	}
	if hours < 23.95 {
		return append(strconv.AppendFloat(dst, hours, 'f', 1, 64), " h"...)
	}
	h := int64(hours + 0.5)
	dst = append(strconv.AppendInt(dst, h/24, 10), " d "...)
	return append(strconv.AppendInt(dst, h%24, 10), " h"...)
}
