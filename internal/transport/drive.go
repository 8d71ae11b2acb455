package transport

import "time"

// timetable drives a bus along legs (road km, in order) from depart. It
// inserts a rest whenever the next minute of driving would exceed
// rules.MaxDriving since the last break, waits out the night ban, and dwells
// at every stop but the last. A departure that falls inside the night ban
// moves to its end. It returns the actual departure, the arrival at each
// stop and the events.
func timetable(rules Rules, speed float64, depart time.Time, legs []float64) (time.Time, []time.Time, []Event) {
	t := depart
	if inNight(rules, t) {
		t = nightEnd(rules, t)
	}
	start := t
	var events []Event
	var cont time.Duration // driving since the last break
	arrive := make([]time.Time, len(legs))
	for i, km := range legs {
		left := legTime(km, speed)
		total := left
		for left > 0 {
			if inNight(rules, t) {
				end := nightEnd(rules, t)
				events = append(events, Event{Kind: Night, Start: t, End: end})
				t, cont = end, 0
				continue
			}
			if cont >= rules.MaxDriving {
				events = append(events, Event{Kind: Rest, Start: t, End: t.Add(rules.Rest)})
				t, cont = t.Add(rules.Rest), 0
				continue
			}
			chunk := min(left, rules.MaxDriving-cont)
			if ns, ok := nextNight(rules, t); ok && ns.Sub(t) < chunk {
				chunk = ns.Sub(t)
			}
			events = append(events, Event{Kind: Drive, Start: t, End: t.Add(chunk), Km: km * float64(chunk) / float64(total)})
			t = t.Add(chunk)
			left -= chunk
			cont += chunk
		}
		arrive[i] = t
		if i < len(legs)-1 && rules.Dwell > 0 {
			events = append(events, Event{Kind: Dwell, Start: t, End: t.Add(rules.Dwell)})
			t = t.Add(rules.Dwell)
			if rules.Dwell >= rules.Rest {
				cont = 0
			}
		}
	}
	return start, arrive, events
}

func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// atClock returns the time of day off on t's date (wall clock, so that a
// location with daylight saving would still put the ban at 02:00).
func atClock(t time.Time, off time.Duration) time.Time {
	y, m, d := t.Date()
	h := int(off / time.Hour)
	mi := int(off % time.Hour / time.Minute)
	s := int(off % time.Minute / time.Second)
	return time.Date(y, m, d, h, mi, s, 0, t.Location())
}

func nightOn(rules Rules) bool { return rules.NightEnd > rules.NightStart }

func inNight(rules Rules, t time.Time) bool {
	if !nightOn(rules) {
		return false
	}
	return !t.Before(atClock(t, rules.NightStart)) && t.Before(atClock(t, rules.NightEnd))
}

// nightEnd returns the end of the ban that t lies in.
func nightEnd(rules Rules, t time.Time) time.Time { return atClock(t, rules.NightEnd) }

// nextNight returns the start of the first ban at or after t, t outside one.
func nextNight(rules Rules, t time.Time) (time.Time, bool) {
	if !nightOn(rules) {
		return time.Time{}, false
	}
	if s := atClock(t, rules.NightStart); !t.After(s) {
		return s, true
	}
	return atClock(midnight(t).AddDate(0, 0, 1), rules.NightStart), true
}
