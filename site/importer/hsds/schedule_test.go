package hsds

import (
	"strings"
	"testing"
)

func num(f float64) *float64 { return &f }

func TestRulesFromHSDSSchedules(t *testing.T) {
	cases := []struct {
		name string
		in   hsdsSchedule
		want string // rules joined by " | ", or "!" and part of the reason
	}{
		{"weekly", hsdsSchedule{Freq: "WEEKLY", Byday: "TU", OpensAt: "10:00", ClosesAt: "11:30"}, "every Tuesday 10:00-11:30"},
		{"seconds and offset", hsdsSchedule{Freq: "WEEKLY", Byday: "TH,MO", OpensAt: "10:00:00", ClosesAt: "12:00:00Z"}, "every Monday and Thursday 10:00-12:00"},
		{"weekdays", hsdsSchedule{Freq: "WEEKLY", Byday: "MO,TU,WE,TH,FR", OpensAt: "09:00", ClosesAt: "17:00"}, "weekdays 09:00-17:00"},
		{"every day", hsdsSchedule{Freq: "WEEKLY", Byday: "MO,TU,WE,TH,FR,SA,SU", OpensAt: "07:00", ClosesAt: "08:00"}, "daily 07:00-08:00"},
		{"course", hsdsSchedule{Freq: "WEEKLY", Byday: "MO", OpensAt: "18:00", ClosesAt: "20:00", ValidFrom: "2026-01-12", ValidTo: "2026-03-23", Until: "2026-03-23"}, "every Monday 18:00-20:00 from 2026-01-12 until 2026-03-23"},
		{"dtstart alone is not a course", hsdsSchedule{Freq: "WEEKLY", Byday: "MO", OpensAt: "18:00", ClosesAt: "20:00", DTStart: "2026-11-23"}, "every Monday 18:00-20:00"},
		{"fortnightly", hsdsSchedule{Freq: "WEEKLY", Interval: num(2), Byday: "WE", OpensAt: "14:00", ClosesAt: "16:00", DTStart: "2026-01-07"}, "every other Wednesday 14:00-16:00 from 2026-01-07"},
		{"fortnightly from valid_from", hsdsSchedule{Freq: "WEEKLY", Interval: num(2), Byday: "WE", OpensAt: "14:00", ClosesAt: "16:00", DTStart: "2026-12-02", ValidFrom: "2026-01-07"}, "every other Wednesday 14:00-16:00 from 2026-01-07"},
		{"monthly", hsdsSchedule{Freq: "MONTHLY", Byday: "3MO,1MO", OpensAt: "14:00", ClosesAt: "16:00"}, "first and third Monday of the month 14:00-16:00"},
		{"last", hsdsSchedule{Freq: "MONTHLY", Byday: "-1FR,2FR", OpensAt: "14:00", ClosesAt: "16:00"}, "second and last Friday of the month 14:00-16:00"},
		{"monthly on two days", hsdsSchedule{Freq: "MONTHLY", Byday: "1MO,2TU", OpensAt: "14:00", ClosesAt: "16:00"}, "first Monday of the month 14:00-16:00 | second Tuesday of the month 14:00-16:00"},
		{"one-off", hsdsSchedule{Freq: "WEEKLY", Count: num(1), Byday: "SA", DTStart: "2026-03-14", OpensAt: "10:00", ClosesAt: "15:00"}, "on 2026-03-14 10:00-15:00"},
		{"by appointment", hsdsSchedule{Description: "By appointment"}, "by appointment"},
		{"a rule in the description", hsdsSchedule{Description: "every Tuesday 10am-12pm"}, "every Tuesday 10:00-12:00"},
		{"no freq", hsdsSchedule{Description: "Most afternoons", OpensAt: "13:00", ClosesAt: "17:00"}, "!no freq"},
		{"no times", hsdsSchedule{Freq: "WEEKLY", Byday: "TU"}, "!no opens_at"},
		{"month days", hsdsSchedule{Freq: "MONTHLY", Bymonthday: "15", OpensAt: "10:00", ClosesAt: "11:00"}, "!bymonthday \"15\""},
		{"every three weeks", hsdsSchedule{Freq: "WEEKLY", Interval: num(3), Byday: "TU", OpensAt: "10:00", ClosesAt: "11:00"}, "!interval 3"},
		{"fifth week", hsdsSchedule{Freq: "MONTHLY", Byday: "5MO", OpensAt: "10:00", ClosesAt: "11:00"}, "!only the first to fourth"},
		{"count", hsdsSchedule{Freq: "WEEKLY", Count: num(6), Byday: "TU", OpensAt: "10:00", ClosesAt: "11:00"}, "!count 6"},
		{"bad day", hsdsSchedule{Freq: "WEEKLY", Byday: "TUE", OpensAt: "10:00", ClosesAt: "11:00"}, "!byday \"TUE\""},
		{"past midnight", hsdsSchedule{Freq: "WEEKLY", Byday: "FR", OpensAt: "22:00", ClosesAt: "02:00"}, "!past midnight"},
		{"yearly", hsdsSchedule{Freq: "YEARLY", OpensAt: "10:00", ClosesAt: "11:00"}, "!freq \"YEARLY\""},
		{"one-off on the wrong day", hsdsSchedule{Freq: "WEEKLY", Count: num(1), Byday: "MO", DTStart: "2026-03-14", OpensAt: "10:00", ClosesAt: "15:00"}, "!does not match"},
		{"ends before it starts", hsdsSchedule{Freq: "WEEKLY", Byday: "MO", OpensAt: "10:00", ClosesAt: "11:00", ValidFrom: "2026-05-01", ValidTo: "2026-01-01"}, "!ends (2026-01-01) before"},
		{"bad date", hsdsSchedule{Freq: "WEEKLY", Byday: "MO", OpensAt: "10:00", ClosesAt: "11:00", ValidTo: "next June"}, "!valid_to \"next June\""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, why := rules(c.in)
			s := strings.Join(got, " | ")
			if why != "" {
				s = "!" + why
			}
			if s != c.want && !(strings.HasPrefix(c.want, "!") && strings.Contains(s, c.want[1:])) {
				t.Errorf("rules(%+v) = %q, want %q", c.in, s, c.want)
			}
		})
	}
}
