// Package printout draws what point-to-point transport puts on paper: a
// trip's manifest as PDF and XLSX, and workers' boarding passes with the QR
// code of their signed tokens, four to an A4 sheet. It works on plain
// values that the caller fills; it reads no database, no clock and no
// environment.
//
// Chinese text needs a TrueType font with Chinese glyphs, given as a Font
// (see LoadFont and DefaultFontPath); only the glyphs a document uses are
// embedded, so a one-page manifest stays small although the font file is
// 4 MB. The package never masks personal data itself: the caller passes
// masked values for drivers' and partners' copies, and the package refuses
// such a copy if a full ID or mobile number slipped through.
package printout
