package route

import (
	"errors"
	"testing"
	"time"

	"corridor/data/eurasia"
)

func TestParseLonLat(t *testing.T) {
	cases := []struct {
		ref      string
		lon, lat float64
		looks    bool
		bad      bool
	}{
		{"122.05,30.62", 122.05, 30.62, true, false},
		{" -118.26 , 33.73 ", -118.26, 33.73, true, false},
		{"180,-90", 180, -90, true, false},
		{"181,0", 0, 0, true, true},
		{"0,91", 0, 0, true, true},
		{"NaN,0", 0, 0, true, true},
		{"Shanghai", 0, 0, false, false},
		{"Xi'an, China", 0, 0, false, false},
		{"1,2,3", 0, 0, false, false},
	}
	for _, tc := range cases {
		lon, lat, looks, err := ParseLonLat(tc.ref)
		if looks != tc.looks || (err != nil) != tc.bad || (!tc.bad && tc.looks && (lon != tc.lon || lat != tc.lat)) {
			t.Errorf("%q: %v,%v looks %v err %v", tc.ref, lon, lat, looks, err)
		}
	}
}

// Coordinates snap to the nearest node of the main component; the snap is reported.
func TestResolveCoordinates(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	req := Request{From: "108.95,34.27", To: "Duisburg"} // Xi'an's centre
	q, snaps, err := req.Resolve(g, time.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if g.Node(q.From).ID != "CNXIY" || len(snaps) != 1 || snaps[0].Field != "from" || snaps[0].DistanceKm > 30 {
		t.Errorf("from %s, snaps %+v", g.Node(q.From).ID, snaps)
	}
	bad := Request{From: "108.95,95", To: "Duisburg"}
	var ie *InputError
	if _, err := bad.Query(g, time.Now()); !errors.As(err, &ie) || ie.Field != "from" {
		t.Errorf("out of range: %v", err)
	}
}
