package network

import "testing"

// TestPassageTags: every passage marks one corridor tag and is found again
// from it; AllPassages has exactly their bits.
func TestPassageTags(t *testing.T) {
	var bits uint8
	for _, tt := range []struct {
		p   Passage
		tag string
	}{
		{CapePassage, TagMaritimeCape},
		{SuezPassage, TagMaritimeSuez},
		{TransCaspian, TagMiddle},
		{NorthSouthRoute, TagINSTC},
		{RussianRail, TagNorthern},
	} {
		if got := tt.p.Tag(); got != tt.tag {
			t.Errorf("Passage(%d).Tag() = %q, want %q", tt.p, got, tt.tag)
		}
		if got := PassageFor(tt.tag); got != tt.p {
			t.Errorf("PassageFor(%q) = %d, want %d", tt.tag, got, tt.p)
		}
		bits |= 1 << tt.p
	}
	if bits != AllPassages {
		t.Errorf("AllPassages = %08b, want %08b", AllPassages, bits)
	}
	for _, tag := range []string{TagEurope, "", "unknown"} {
		if got := PassageFor(tag); got != NoPassage {
			t.Errorf("PassageFor(%q) = %d, want NoPassage", tag, got)
		}
	}
	if NoPassage.Tag() != "" {
		t.Errorf("NoPassage.Tag() = %q", NoPassage.Tag())
	}
}
