package store

import (
	"context"
	"time"

	"laborbridge"
	"laborbridge/internal/printout"
	"laborbridge/internal/refdata"
)

// vehicleNames are the manifest's words for the fleet's kinds.
var vehicleNames = map[string]string{"bus-53": "大型客车", "bus-35": "中型客车", "bus-19": "小型客车", "train-car": "硬座车厢"}

// ManifestData returns a trip's passenger list for printing. Offices get
// every passenger of their events' trips, with full ID and mobile numbers
// when masked is false (decrypted, and audited as a reveal); a partner gets
// its own workers on trips that carry them, always masked, as drivers'
// copies are. For a train car each passenger's gate is where the bus that
// meets the train drops them. NotFound for a trip the actor may not see.
func (db *DB) ManifestData(ctx context.Context, tripID string, masked bool) (printout.Manifest, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActReadTrips)
	if err != nil {
		return printout.Manifest{}, err
	}
	if !u.SeesFullIDNumbers() {
		masked = true
	}
	rd := db.reader(ctx)
	t, err := rd.trip(u, tripID)
	if err != nil {
		return printout.Manifest{}, err
	}
	var ev struct {
		date, name, division string
	}
	if err := rd.queryRow(`SELECT event_date, point_name, division FROM departure_events WHERE id = $1`, t.EventID).
		Scan(&ev.date, &ev.name, &ev.division); err != nil {
		return printout.Manifest{}, internal("read event", err)
	}
	day, err := time.ParseInLocation("2006-01-02", ev.date, chinaTime)
	if err != nil {
		return printout.Manifest{}, laborbridge.InternalError(err)
	}
	m := printout.Manifest{
		Trip: printout.Trip{Number: t.Number, Event: ev.date + " " + ev.name, Vehicle: vehicleName(t.Vehicle), Seats: t.Capacity,
			Plate: t.Plate, Depart: t.Depart, Gathering: ev.name, Km: t.Km},
		Masked: masked, PrintedAt: db.now().In(chinaTime), PrintedBy: u.DisplayName,
	}
	if t.FromStation != "" {
		m.Trip.Gathering = t.FromStation
	}
	if m.PrintedBy == "" {
		m.PrintedBy = u.Username
	}
	for _, s := range t.Stops {
		m.Trip.Stops = append(m.Trip.Stops, printout.Stop{Gate: s.Name, Arrive: s.Arrive, Km: s.Km})
	}
	var w where
	w.add("s.trip_id = ?", tripID)
	if u.Role == laborbridge.RolePartner {
		w.add("p.employer_id = ?", u.EmployerID)
	}
	rows, err := rd.query(`SELECT s.seat_no, w.name, w.male, w.birth_date, w.id_mask, w.phone_mask, w.id_enc, w.phone_enc, s.home,
		w.village, COALESCE(fin.name, st.name, '')
		FROM seats s JOIN workers w ON w.id = s.worker_id JOIN placements p ON p.id = s.placement_id
		LEFT JOIN trip_stops st ON st.trip_id = s.trip_id AND st.ord = s.stop_ord
		LEFT JOIN seats s2 ON s2.placement_id = s.placement_id AND s2.leg = 2 AND s.leg = 1
		LEFT JOIN trip_stops fin ON fin.trip_id = s2.trip_id AND fin.ord = s2.stop_ord`+w.sql()+` ORDER BY s.seat_no`, w.args...)
	if err != nil {
		return m, internal("read manifest", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p printout.Passenger
		var male bool
		var birth, home string
		var idEnc, phoneEnc []byte
		if err := rows.Scan(&p.Seat, &p.Name, &male, &birth, &p.ID, &p.Phone, &idEnc, &phoneEnc, &home, &p.Village, &p.Gate); err != nil {
			return m, internal("read manifest", err)
		}
		p.Sex = "女"
		if male {
			p.Sex = "男"
		}
		if b, err := parseDay(birth); err == nil {
			p.Age = laborbridge.AgeOn(b, day)
		}
		p.County = home
		if d, ok := refdata.DivisionByCode(home); ok {
			p.County = d.NameZh
		}
		if !masked {
			if p.ID, err = db.crypt.open(purposeIDNumber, idEnc); err != nil {
				return m, laborbridge.InternalError(err)
			}
			if p.Phone, err = db.crypt.open(purposePhone, phoneEnc); err != nil {
				return m, laborbridge.InternalError(err)
			}
		}
		m.Passengers = append(m.Passengers, p)
	}
	if err := rows.Err(); err != nil {
		return m, internal("read manifest", err)
	}
	action := "trip.manifest"
	if !masked {
		action = "trip.manifest.reveal"
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		return tx.audit(action, "trip", t.ID, ev.division, nil, map[string]any{"trip": t.Number, "masked": masked, "rows": len(m.Passengers)})
	})
	return m, err
}

func vehicleName(kind string) string {
	if n, ok := vehicleNames[kind]; ok {
		return n
	}
	return kind
}
