package refdata

import "math"

// EarthRadiusKm is the mean Earth radius (IUGG), the usual choice for
// great-circle distances on a sphere; the error against the ellipsoid stays
// under 0.5 %, far below what road distance adds.
const EarthRadiusKm = 6371.0088

// Haversine returns the great-circle distance in kilometres between two
// points given in degrees. It never fails; NaN in, NaN out.
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	s1, s2 := math.Sin(dLat/2), math.Sin(dLon/2)
	h := s1*s1 + math.Cos(lat1*rad)*math.Cos(lat2*rad)*s2*s2
	// Rounding can push h a hair past 1 for antipodes; asin would give NaN.
	return 2 * EarthRadiusKm * math.Asin(math.Sqrt(min(h, 1)))
}

// Point returns the point used for a division code (see Division.PointCode
// for what a borrowed point means). An unlisted county code, such as one
// outside Shanxi, gets the point of its city (see CityOf), because that is the
// best estimate there is. ok is false when no point is known.
func Point(code string) (lat, lon float64, ok bool) {
	t := divisions()
	if d, found := t.get(code); found {
		return d.Lat, d.Lon, d.HasPoint
	}
	if c, found := CityOf(code); found && c.HasPoint {
		return c.Lat, c.Lon, true
	}
	return 0, 0, false
}

// DistanceKm returns the great-circle distance between the points of two
// division codes (see Point), and false when either has no point.
func DistanceKm(codeA, codeB string) (float64, bool) {
	lat1, lon1, ok1 := Point(codeA)
	lat2, lon2, ok2 := Point(codeB)
	if !ok1 || !ok2 {
		return 0, false
	}
	return Haversine(lat1, lon1, lat2, lon2), true
}
