// Package transport plans point-to-point trips: confirmed workers gather at a
// point near home on a departure date and ride chartered vehicles straight to
// their employers' gates.
//
// Solve takes one Request (one gathering point, one date, the gates and the
// passengers), a Fleet and the Rules and returns a Plan: the trips, each with
// its vehicle, route, timetable, drivers, seats, cost and a reason a person can
// read; the passengers it could not carry, each with the reason; the groups it
// had to split; and a lower bound on the number of vehicles any plan needs, so
// that the plan's quality can be judged. Check re-verifies a plan against
// every rule after an operator has edited it (Recompute first refreshes the
// derived figures).
//
// The package is pure: no clock, no database, no network. The same input gives
// the same plan; ties are broken by identifiers. Times are wall-clock times in
// the location of Request.Date (China Standard Time, UTC+8, for the service).
//
// The model, in short (docs/decisions.md, "Trip planner", says why):
//
//   - Road distance is Fleet.RoadFactor times the great-circle distance.
//   - A route leaves the gathering point and drops passengers at up to
//     Rules.MaxStops gates; its length may exceed the direct distance to its
//     farthest stop by at most Rules.Detour. Every stop drops somebody.
//   - A bus drives at most Rules.MaxDriving without a break of Rules.Rest, does
//     not drive between Rules.NightStart and Rules.NightEnd (it waits), and
//     carries a second driver beyond Rules.SecondDriverKm or
//     Rules.SecondDriverDriving.
//   - A flow is the set of passengers of one request whose gates lie in one
//     destination area (gates chained within Rail.AreaKm of each other). A
//     flow of at least Rail.MinFlow passengers whose area lies at least
//     Rail.MinKm away by rail rides chartered train cars to a station at the
//     area's centre, where buses planned by the same rules meet the train and
//     take everyone on to the gates.
package transport
