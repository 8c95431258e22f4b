package feeds

import (
	"strings"

	"github.com/signpost-directory/signpost/site/content"
)

// The words below say the same as the listing pages do, for readers of
// the feeds who never see a page.

var statusAlert = map[string]string{
	"full":   "Full: not taking new people at the moment.",
	"paused": "Paused: not running at the moment.",
	"ended":  "Ended: this activity no longer runs.",
}

// hsdsAlert is a service's HSDS 3.0 alert: its status, when that is not
// simply active, then its capacity in words. HSDS 3.0 has no place for
// capacity (3.1 adds service_capacity); alert, "short term alerts
// concerning the service", is where a 3.0 reader looks for news like "full"
// or "a four-week wait", and a string there keeps every 3.0 validator
// content. An ended activity's capacity is left out, as on its page.
func hsdsAlert(l *content.Listing) string {
	parts := []string{}
	if alert := statusAlert[l.Status]; alert != "" {
		parts = append(parts, alert)
	}
	if c := l.CurrentCapacity(); c != nil {
		parts = append(parts, "Places: "+c.Text())
	}
	return strings.Join(parts, " ")
}

// feesText is the cost with any concessions, as one text.
func feesText(c content.Cost, currency string) string {
	s := c.Text(currency)
	if c.Concessions != "" {
		s += ". Concessions: " + c.Concessions
	}
	return s
}

// audienceText says who an activity is for, like "Adults (18+). Especially
// for older people and carers."
func audienceText(a content.Audience, vocab *content.Vocabulary, lang string) string {
	s := a.AgeText()
	if s != "" {
		s += "."
	}
	if len(a.Groups) > 0 {
		labels := make([]string, len(a.Groups))
		for i, g := range a.Groups {
			labels[i] = strings.ToLower(vocab.Label(g, lang))
		}
		s = strings.TrimSpace(s + " Especially for " + content.JoinAnd(labels) + ".")
	}
	return s
}

// applicationText is how to get into an activity: the referral route,
// then the listing's own words.
func applicationText(l *content.Listing) string {
	s := content.ReferralText(l.Referral)
	if s != "" {
		s += "."
	}
	return strings.TrimSpace(s + " " + l.HowToJoin)
}
