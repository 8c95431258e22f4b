package csvfile_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/signpost-directory/signpost/site/importer"
	"github.com/signpost-directory/signpost/site/importer/csvfile"
)

// BenchmarkImport10000Rows reads and writes 10,000 activities run by 500
// organizations at 1,000 venues.
func BenchmarkImport10000Rows(b *testing.B) {
	var sheet bytes.Buffer
	sheet.WriteString("Title,Organisation,Venue,Address,Town,Postcode,When,Cost,Categories,Verified,Referral,Status,Summary\r\n")
	for i := range 10000 {
		fmt.Fprintf(&sheet, "Activity %d,Org %d,Hall %d,%d High Street,Millbrook,MB1 %dAB,Tuesdays 10-12,£2.50 per session,movement,31/10/2026,self,active,\"A group, every week.\"\r\n",
			i, i%500, i%1000, i%1000, i%10)
	}
	b.ReportAllocs()
	for b.Loop() {
		set, err := csvfile.Read(bytes.NewReader(sheet.Bytes()), csvfile.Map{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := importer.Write(b.TempDir(), set, importer.WriteOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
