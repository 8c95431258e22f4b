package content

// Place is one named place of content/places.yaml: a village, an estate,
// a GP practice, the bus station; somewhere people say they are near.
type Place struct {
	ID      string   `yaml:"-"`
	Name    string   `yaml:"name"`
	Lat     float64  `yaml:"lat"`
	Lon     float64  `yaml:"lon"`
	Aliases []string `yaml:"aliases"`
}

// Postcode is one row of content/postcodes.csv: a postcode, or an outward
// code alone (the part before the space, like MB1), and where it is.
type Postcode struct {
	// Code is written as NormalizePostcode writes it.
	Code     string
	Lat, Lon float64
}
