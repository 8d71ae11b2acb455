package match

import "slices"

// addVillage adds the village part to every arc: Weights.Village for each
// other worker of the arc's worker's village who also has a candidate
// vacancy at the arc's employer, up to Weights.VillageCap of them.
//
// Keeping villagers together is a reward on pairs of placements, which a
// flow's linear objective cannot express exactly. The bonus is its linear
// stand-in: it is counted on the candidate lists, before the assignment, so
// an arc gains when the worker's fellow villagers could go to the same
// employer; the solver then finds it worth placing them there together
// more often than not. It is exact for what it promises (who could go
// together), not for who will.
func addVillage(in *input, start, vac, score []int32) {
	wt := &in.p.Weights
	if wt.Village == 0 || wt.VillageCap == 0 || in.villages == 0 {
		return
	}
	// Workers by village (counting sort keeps them in input order).
	first := make([]int32, in.villages+1)
	for _, v := range in.wVillage {
		if v >= 0 {
			first[v+1]++
		}
	}
	for v := range in.villages {
		first[v+1] += first[v]
	}
	members := make([]int32, first[in.villages])
	fill := slices.Clone(first[:in.villages])
	for i, v := range in.wVillage {
		if v >= 0 {
			members[fill[v]] = int32(i)
			fill[v]++
		}
	}
	// Large chunks: each allocates two slices as long as the employers.
	const chunk = 512
	parallel(in.villages, chunk, func(_, lo, hi int) {
		// count[e] is how many of the village's workers have a candidate
		// at employer e; last[e] the last worker counted, so that a
		// worker with two vacancies of one employer counts once.
		count := make([]int32, in.employers)
		last := make([]int32, in.employers)
		for e := range last {
			last[e] = -1
		}
		var touched []int32
		for v := lo; v < hi; v++ {
			ws := members[first[v]:first[v+1]]
			if len(ws) < 2 {
				continue
			}
			for _, i := range ws {
				for a := start[i]; a < start[i+1]; a++ {
					e := in.vEmp[vac[a]]
					if last[e] != i {
						last[e] = i
						if count[e] == 0 {
							touched = append(touched, e)
						}
						count[e]++
					}
				}
			}
			for _, i := range ws {
				for a := start[i]; a < start[i+1]; a++ {
					score[a] += wt.villagePoints(count[in.vEmp[vac[a]]] - 1)
				}
			}
			for _, e := range touched {
				count[e], last[e] = 0, -1
			}
			touched = touched[:0]
		}
	})
}

// sortLists puts every worker's candidates in the worker's order of
// preference: score, falling, then vacancy index.
func sortLists(start, vac, score []int32) {
	nw := len(start) - 1
	parallel(nw, 4096, func(_, lo, hi int) {
		var keys []uint64
		for i := lo; i < hi; i++ {
			v, s := vac[start[i]:start[i+1]], score[start[i]:start[i+1]]
			// One key per candidate, so that a comparison is one
			// instruction: scores are below maxScore, indices below 2^31.
			keys = keys[:0]
			for x := range v {
				keys = append(keys, uint64(maxScore-s[x])<<32|uint64(v[x]))
			}
			// Insertion sort for short lists: for thirty keys it beats
			// the general sort by a third.
			if len(keys) > 64 {
				slices.Sort(keys)
			}
			for x := 1; x < len(keys); x++ {
				k, y := keys[x], x
				for ; y > 0 && keys[y-1] > k; y-- {
					keys[y] = keys[y-1]
				}
				keys[y] = k
			}
			for x, k := range keys {
				v[x], s[x] = int32(k&(1<<32-1)), maxScore-int32(k>>32)
			}
		}
	})
}
