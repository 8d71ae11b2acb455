// Package sheet reads and writes the spreadsheets that employment offices
// keep: CSV (UTF-8, GB18030 or UTF-16; comma, tab, semicolon or bar separated) and
// XLSX. It knows nothing about workers or vacancies; the caller describes the
// columns it wants with a Schema, and the package finds them under whatever
// header the office wrote, below whatever title rows it put on top.
//
// Reading streams: a million-row file is read in bounded memory, one Row at a
// time, each carrying the row number the spreadsheet program shows, so that
// callers can report problems as "row 17, 身份证号: ...". Problems with the
// file as a whole (not a spreadsheet, no header, missing columns) and with a
// single cell are both *Error values that wrap one of the Err* sentinels.
//
// XLSX files are read with archive/zip and a small XML scanner rather than
// with excelize's row iterator, because that iterator returns formatted
// strings without saying whether a cell held a number (an 18-digit ID typed
// as a number has already lost its last digits, and the caller must say so)
// and because excelize buffers a whole upload in memory before reading it.
// Cells merged over several rows (a village over its people) give their
// value to every row of the range. Writing uses excelize's StreamWriter.
//
// Exports must re-import cleanly, so the writer and the reader share two
// conventions. A cell that starts with = + - @, a tab, a carriage return or an
// apostrophe is written with one more leading apostrophe, so that a
// spreadsheet program never runs it as a formula; the reader removes one
// leading apostrophe when it is followed by one of those characters or by a
// digit (offices type '0123 to keep leading zeros). A text cell that holds only
// digits and that Excel would mangle (a leading zero, or twelve digits or
// more) is written to CSV as ="0123", which Excel shows as text; the reader
// unwraps it. A cell that legitimately starts with an apostrophe before a
// digit, read from a file this package did not write, loses that apostrophe.
package sheet
