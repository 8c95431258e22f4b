package load

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/signpost-directory/signpost/site/diag"
)

func TestPostcodesAreStreamedNotRead(t *testing.T) {
	root := t.TempDir()
	for name, text := range map[string]string{
		"directory.yaml": directory,
		"postcodes.csv":  "postcode,lat,lon\nMB1 1AA,52.6,-1.9\n",
		"places.yaml":    "bus-station: { name: Bus Station, lat: 52.6, lon: -1.9 }\n",
	} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	folder, err := Scan(os.DirFS(root), "content")
	if err != nil || len(folder.Messages) > 0 {
		t.Fatalf("scan: %v %+v", err, folder.Messages)
	}
	kinds := map[Kind]Entry{}
	for _, e := range folder.Entries {
		kinds[e.Kind] = e
	}
	if _, ok := kinds[PlacesFile]; !ok {
		t.Error("places.yaml is not classified as the places")
	}
	e, ok := kinds[PostcodesFile]
	if !ok {
		t.Fatal("postcodes.csv is not classified as the postcodes")
	}
	if f, msgs := folder.Read(e); f.Data != nil || f.Source.Text != "" || len(msgs) > 0 {
		t.Errorf("Read read postcodes.csv: %+v %+v", f, msgs)
	}
	rc, msgs := folder.Open(e)
	if rc == nil {
		t.Fatalf("Open: %+v", msgs)
	}
	data, _ := io.ReadAll(rc)
	rc.Close()
	if string(data) != "postcode,lat,lon\nMB1 1AA,52.6,-1.9\n" {
		t.Errorf("Open read %q", data)
	}

	// Larger than MaxFileSize is fine; larger than MaxPostcodesSize is not
	// (the file is sparse, so the test writes nothing of that size).
	path := filepath.Join(root, "postcodes.csv")
	if err := os.Truncate(path, MaxFileSize*3); err != nil {
		t.Fatal(err)
	}
	if rc, msgs := folder.Open(e); rc == nil {
		t.Errorf("a 3 MB postcodes.csv is refused: %+v", msgs)
	} else {
		rc.Close()
	}
	if err := os.Truncate(path, MaxPostcodesSize+1); err != nil {
		t.Fatal(err)
	}
	if rc, msgs := folder.Open(e); rc != nil || len(msgs) != 1 || msgs[0].Code != diag.TooLarge {
		t.Errorf("a postcodes.csv over %d MB: %+v", MaxPostcodesSize>>20, msgs)
	}
}
