package content

import "slices"

// Term is one entry of a vocabulary, such as the category "movement".
type Term struct {
	ID           string
	Label        string
	Description  string
	Translations map[string]TermText // by language code
}

// TermText is a term's label and description in one language.
type TermText struct {
	Label       string `yaml:"label"`
	Description string `yaml:"description"`
}

// Vocabulary is an ordered list of terms with lookup by id.
type Vocabulary struct {
	// Name is the field that uses the vocabulary, e.g. "categories".
	Name  string
	Terms []Term
}

// Has reports whether id is a term of the vocabulary.
func (v *Vocabulary) Has(id string) bool { return v.Term(id) != nil }

// Term returns the term with the given id, or nil.
func (v *Vocabulary) Term(id string) *Term {
	i := slices.IndexFunc(v.Terms, func(t Term) bool { return t.ID == id })
	if i < 0 {
		return nil
	}
	return &v.Terms[i]
}

// IDs returns the term ids in order.
func (v *Vocabulary) IDs() []string {
	ids := make([]string, len(v.Terms))
	for i, t := range v.Terms {
		ids[i] = t.ID
	}
	return ids
}

// Label returns the term's label in lang, falling back to the default label
// and then to the id itself.
func (v *Vocabulary) Label(id, lang string) string {
	t := v.Term(id)
	if t == nil {
		return id
	}
	if tr, ok := t.Translations[lang]; ok && tr.Label != "" {
		return tr.Label
	}
	return t.Label
}

// Set adds a term, or replaces the label, description and translations of
// an existing one.
func (v *Vocabulary) Set(t Term) {
	if old := v.Term(t.ID); old != nil {
		if t.Description == "" {
			t.Description = old.Description
		}
		*old = t
		return
	}
	v.Terms = append(v.Terms, t)
}

// Taxonomy is the four vocabularies listings and venues use.
type Taxonomy struct {
	Categories    *Vocabulary
	Needs         *Vocabulary
	Accessibility *Vocabulary
	Audience      *Vocabulary
}

// Vocabularies returns the four vocabularies in a fixed order.
func (t *Taxonomy) Vocabularies() []*Vocabulary {
	return []*Vocabulary{t.Categories, t.Needs, t.Accessibility, t.Audience}
}

// Vocabulary returns the vocabulary with the given name (as in taxonomy.yaml), or nil.
func (t *Taxonomy) Vocabulary(name string) *Vocabulary {
	for _, v := range t.Vocabularies() {
		if v.Name == name {
			return v
		}
	}
	return nil
}

// BuiltinTaxonomy returns a fresh copy of the built-in vocabularies, which
// content/taxonomy.yaml may extend.
func BuiltinTaxonomy() *Taxonomy {
	return &Taxonomy{
		Categories: &Vocabulary{Name: "categories", Terms: []Term{
			{ID: "arts", Label: "Arts and crafts", Description: "Painting, drawing, crafts, writing, photography and making things together."},
			{ID: "music", Label: "Music and singing", Description: "Choirs, singing groups, music making and listening."},
			{ID: "movement", Label: "Movement and exercise", Description: "Walking, dancing, gentle exercise, sport and swimming."},
			{ID: "nature", Label: "Nature and outdoors", Description: "Gardening, allotments, conservation and time outdoors."},
			{ID: "volunteering", Label: "Volunteering", Description: "Ways to give time, help others and be part of a team."},
			{ID: "learning", Label: "Learning", Description: "Courses, classes, languages and digital skills."},
			{ID: "befriending", Label: "Befriending", Description: "Regular calls or visits from a friendly volunteer."},
			{ID: "peer-support", Label: "Peer support", Description: "Groups of people with shared experience supporting each other."},
			{ID: "food", Label: "Food and cooking", Description: "Lunch clubs, community meals, cooking classes and food banks."},
			{ID: "practical-support", Label: "Practical support", Description: "Help with money, benefits, housing, forms and getting around."},
			{ID: "wellbeing", Label: "Wellbeing", Description: "Relaxation, mindfulness and looking after your mental health."},
			{ID: "faith-and-culture", Label: "Faith and culture", Description: "Faith communities, cultural groups and celebrations."},
		}},
		Needs: &Vocabulary{Name: "needs", Terms: []Term{
			{ID: "loneliness", Label: "Loneliness and isolation", Description: "Meeting people and feeling less alone."},
			{ID: "low-mood", Label: "Low mood", Description: "Feeling down, flat or low."},
			{ID: "anxiety", Label: "Anxiety and stress", Description: "Worry, stress and feeling on edge."},
			{ID: "physical-activity", Label: "Getting active", Description: "Moving more, at any level of fitness."},
			{ID: "long-term-condition", Label: "Living with a long-term condition", Description: "Support for people living with a health condition or chronic pain."},
			{ID: "dementia", Label: "Dementia and memory", Description: "For people living with dementia or memory loss, and those who care for them."},
			{ID: "bereavement", Label: "Bereavement", Description: "Support after someone has died."},
			{ID: "caring", Label: "Caring for someone", Description: "Support and a break for unpaid carers."},
			{ID: "money", Label: "Money worries", Description: "Debt, benefits, bills and budgeting."},
			{ID: "housing", Label: "Housing", Description: "Housing problems, repairs, homelessness and tenancy advice."},
			{ID: "confidence", Label: "Confidence", Description: "Building confidence and self-esteem."},
			{ID: "skills-and-work", Label: "Skills and work", Description: "Learning skills, volunteering and getting ready for work."},
			{ID: "healthy-eating", Label: "Healthy eating", Description: "Cooking, eating well and getting enough food."},
		}},
		Accessibility: &Vocabulary{Name: "accessibility", Terms: []Term{
			{ID: "wheelchair-accessible", Label: "Wheelchair accessible", Description: "Wheelchair users can get in and take part."},
			{ID: "step-free", Label: "Step-free access", Description: "No steps from the street to the room."},
			{ID: "accessible-toilet", Label: "Accessible toilet", Description: "An accessible toilet on site."},
			{ID: "hearing-loop", Label: "Hearing loop", Description: "An induction loop for hearing aid users."},
			{ID: "bsl", Label: "British Sign Language", Description: "BSL interpretation, or BSL users run or take part."},
			{ID: "large-print", Label: "Large print", Description: "Large-print materials available."},
			{ID: "quiet-space", Label: "Quiet space", Description: "A quiet room or corner to take a break."},
			{ID: "dementia-friendly", Label: "Dementia friendly", Description: "Staff or volunteers trained as Dementia Friends."},
			{ID: "parking", Label: "Parking", Description: "Parking at or next to the venue."},
			{ID: "public-transport", Label: "Near public transport", Description: "A bus stop or station within a short walk."},
		}},
		Audience: &Vocabulary{Name: "audience", Terms: []Term{
			{ID: "older-people", Label: "Older people", Description: "Mainly for people over 60."},
			{ID: "young-people", Label: "Young people", Description: "Mainly for people aged 25 or under."},
			{ID: "carers", Label: "Carers", Description: "For unpaid carers of family or friends."},
			{ID: "parents", Label: "Parents", Description: "For parents and carers of young children."},
			{ID: "men", Label: "Men", Description: "A group for men."},
			{ID: "women", Label: "Women", Description: "A group for women."},
			{ID: "lgbtq", Label: "LGBTQ+", Description: "For lesbian, gay, bisexual, trans and queer people."},
			{ID: "veterans", Label: "Veterans", Description: "For people who served in the armed forces, and their families."},
			{ID: "refugees", Label: "Refugees and asylum seekers", Description: "For people who have come to the UK to seek safety."},
			{ID: "people-with-disabilities", Label: "Disabled people", Description: "For disabled people and people with learning disabilities."},
		}},
	}
}
