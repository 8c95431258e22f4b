package content

import (
	"slices"
	"strings"
)

// Term is one entry of a vocabulary, such as the category "movement".
type Term struct {
	ID          string
	Label       string
	Description string
	// Synonyms are other words people use for the term, in the directory's
	// language: "depression", "sad" and "feeling low" for Low mood. Search
	// finds a listing through its needs' and categories' labels and
	// synonyms, ranked below listings whose own text has the word.
	Synonyms     []string
	Translations map[string]TermText // by language code
}

// TermText is a term's label, description and synonyms in one language.
type TermText struct {
	Label       string   `yaml:"label"`
	Description string   `yaml:"description"`
	Synonyms    []string `yaml:"synonyms"`
}

// SynonymsIn returns the term's synonyms in lang: its translation's, or
// for the directory's own language (def) its own.
func (t *Term) SynonymsIn(lang, def string) []string {
	if lang == def {
		return t.Synonyms
	}
	return t.Translations[lang].Synonyms
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
// an existing one, adding its synonyms to the existing ones.
func (v *Vocabulary) Set(t Term) {
	if old := v.Term(t.ID); old != nil {
		if t.Description == "" {
			t.Description = old.Description
		}
		t.Synonyms = append(slices.Clone(old.Synonyms), t.Synonyms...)
		*old = t
		return
	}
	v.Terms = append(v.Terms, t)
}

// FoldWord is how a label or synonym is compared with another: capitals and
// runs of spaces do not count ("Feeling  Low" is "feeling low").
func FoldWord(w string) string { return strings.Join(strings.Fields(strings.ToLower(w)), " ") }

// RemoveSynonyms takes words (ignoring capitals and spaces) from the
// synonyms of the term id, for a directory where a built-in one misleads.
func (v *Vocabulary) RemoveSynonyms(id string, words []string) {
	t := v.Term(id)
	if t == nil || len(words) == 0 {
		return
	}
	t.Synonyms = slices.DeleteFunc(slices.Clone(t.Synonyms), func(s string) bool {
		return slices.ContainsFunc(words, func(w string) bool { return FoldWord(w) == FoldWord(s) })
	})
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
			{ID: "arts", Label: "Arts and crafts", Description: "Painting, drawing, crafts, writing, photography and making things together.",
				Synonyms: []string{"art", "crafts", "craft", "painting", "drawing", "knitting", "sewing", "pottery", "creative", "creativity", "writing", "photography", "making things"}},
			{ID: "music", Label: "Music and singing", Description: "Choirs, singing groups, music making and listening.",
				Synonyms: []string{"singing", "sing", "choir", "songs", "music making", "band", "instruments", "ukulele"}},
			{ID: "movement", Label: "Movement and exercise", Description: "Walking, dancing, gentle exercise, sport and swimming.",
				Synonyms: []string{"exercise", "dance", "dancing", "yoga", "tai chi", "swimming", "sport", "football", "gym", "chair exercise", "pilates", "keep fit", "fitness"}},
			{ID: "nature", Label: "Nature and outdoors", Description: "Gardening, allotments, conservation and time outdoors.",
				Synonyms: []string{"gardening", "garden", "allotment", "outdoors", "outside", "conservation", "green space", "parks", "wildlife", "growing"}},
			{ID: "volunteering", Label: "Volunteering", Description: "Ways to give time, help others and be part of a team.",
				Synonyms: []string{"volunteer", "volunteers", "giving back", "helping others", "giving time"}},
			{ID: "learning", Label: "Learning", Description: "Courses, classes, languages and digital skills.",
				Synonyms: []string{"class", "classes", "course", "courses", "education", "lessons", "English", "ESOL", "computers", "digital skills", "reading"}},
			{ID: "befriending", Label: "Befriending", Description: "Regular calls or visits from a friendly volunteer.",
				Synonyms: []string{"befriender", "phone calls", "telephone friendship", "home visits", "companionship", "a friend", "someone to talk to"}},
			{ID: "peer-support", Label: "Peer support", Description: "Groups of people with shared experience supporting each other.",
				Synonyms: []string{"support group", "self-help", "shared experience", "mutual support", "talking group"}},
			{ID: "food", Label: "Food and cooking", Description: "Lunch clubs, community meals, cooking classes and food banks.",
				Synonyms: []string{"lunch club", "lunch", "meal", "meals", "community meal", "cooking", "food bank", "café", "cafe", "breakfast", "eating together"}},
			{ID: "practical-support", Label: "Practical support", Description: "Help with money, benefits, housing, forms and getting around.",
				Synonyms: []string{"advice", "forms", "form filling", "citizens advice", "transport", "getting around", "paperwork"}},
			{ID: "wellbeing", Label: "Wellbeing", Description: "Relaxation, mindfulness and looking after your mental health.",
				Synonyms: []string{"mindfulness", "relaxation", "relax", "meditation", "mental wellbeing", "self-care", "calm", "wellness"}},
			{ID: "faith-and-culture", Label: "Faith and culture", Description: "Faith communities, cultural groups and celebrations.",
				Synonyms: []string{"church", "mosque", "gurdwara", "temple", "faith", "religion", "culture", "cultural", "prayer", "community centre"}},
		}},
		Needs: &Vocabulary{Name: "needs", Terms: []Term{
			{ID: "loneliness", Label: "Loneliness and isolation", Description: "Meeting people and feeling less alone.",
				Synonyms: []string{"lonely", "isolated", "isolation", "socially isolated", "on my own", "alone", "living alone", "no friends", "housebound", "making friends"}},
			{ID: "low-mood", Label: "Low mood", Description: "Feeling down, flat or low.",
				Synonyms: []string{"depression", "depressed", "sad", "sadness", "feeling low", "feeling down", "unhappy", "fed up", "mental health", "hopeless", "postnatal depression"}},
			{ID: "anxiety", Label: "Anxiety and stress", Description: "Worry, stress and feeling on edge.",
				Synonyms: []string{"anxious", "worry", "worried", "worries", "panic", "panic attacks", "stress", "stressed", "nerves", "nervous", "overwhelmed", "social anxiety", "phobia"}},
			{ID: "physical-activity", Label: "Getting active", Description: "Moving more, at any level of fitness.",
				Synonyms: []string{"exercise", "fitness", "fit", "active", "inactive", "moving more", "overweight", "obesity", "strength", "balance", "falls", "mobility"}},
			{ID: "long-term-condition", Label: "Living with a long-term condition", Description: "Support for people living with a health condition or chronic pain.",
				Synonyms: []string{"diabetes", "COPD", "arthritis", "chronic pain", "pain", "long covid", "heart disease", "heart failure", "stroke", "cancer", "asthma", "fibromyalgia", "chronic fatigue", "Parkinson's", "multiple sclerosis", "high blood pressure", "breathing problems", "back pain"}},
			{ID: "dementia", Label: "Dementia and memory", Description: "For people living with dementia or memory loss, and those who care for them.",
				Synonyms: []string{"memory", "memory loss", "forgetful", "forgetting", "Alzheimer's", "Alzheimers", "confusion", "confused", "cognitive impairment"}},
			{ID: "bereavement", Label: "Bereavement", Description: "Support after someone has died.",
				Synonyms: []string{"grief", "grieving", "widow", "widower", "widowed", "bereaved", "lost someone", "death", "died", "mourning"}},
			{ID: "caring", Label: "Caring for someone", Description: "Support and a break for unpaid carers.",
				Synonyms: []string{"carer", "carers", "caregiver", "looking after someone", "respite", "a break from caring", "young carer"}},
			{ID: "money", Label: "Money worries", Description: "Debt, benefits, bills and budgeting.",
				Synonyms: []string{"debt", "debts", "benefits", "universal credit", "bills", "budgeting", "arrears", "poverty", "cost of living", "money advice", "pension credit", "PIP", "finances", "can't afford"}},
			{ID: "housing", Label: "Housing", Description: "Housing problems, repairs, homelessness and tenancy advice.",
				Synonyms: []string{"homeless", "homelessness", "eviction", "evicted", "rent", "landlord", "tenancy", "repairs", "damp", "council housing", "somewhere to live"}},
			{ID: "confidence", Label: "Confidence", Description: "Building confidence and self-esteem.",
				Synonyms: []string{"self-esteem", "shy", "shyness", "self-confidence", "assertiveness", "believing in yourself"}},
			{ID: "skills-and-work", Label: "Skills and work", Description: "Learning skills, volunteering and getting ready for work.",
				Synonyms: []string{"job", "jobs", "employment", "unemployed", "out of work", "CV", "training", "qualifications", "interview", "back to work", "career"}},
			{ID: "healthy-eating", Label: "Healthy eating", Description: "Cooking, eating well and getting enough food.",
				Synonyms: []string{"diet", "nutrition", "weight loss", "healthy food", "eating well", "losing weight", "food poverty"}},
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
