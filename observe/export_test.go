package observe_test

import "strconv"

func ftoa(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
