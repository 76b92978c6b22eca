"""Attribution: who says an event happened, whether the source is anonymous, and the stance
(our own sentences, written in the style of news reports)."""

from pathlib import Path

import pytest

from conftest import only

pytestmark = pytest.mark.model


@pytest.mark.parametrize("text,source,stance,anonymous", [
    # "according to", before or after the event
    ("Rebels attacked an army post near Goma on Monday, according to a UN official.", "a UN official", "reported", True),
    ("According to residents, soldiers opened fire on the crowd in Mandalay.", "residents", "reported", True),
    # X said/told (that) ..., before or after the event
    ("Rebels attacked an army post near Goma on Monday, a UN official said.", "a UN official", "reported", True),
    ("The army told reporters that rebels attacked a checkpoint near Goma.", "The army", "reported", False),
    ("Police fired tear gas at protesters in Nairobi, witnesses told Reuters.", "witnesses", "reported", True),
    ("Syrian state television said an Israeli airstrike had hit an army depot near Damascus.",
     "Syrian state television", "reported", False),
    ("Israeli jets bombed a weapons depot near Homs, state media reported, citing a military source.",
     "state media", "reported", False),
    # passive speech verb with its agent
    ("The attack on the convoy was reported by state media on Tuesday.", "state media", "reported", False),
    # a coordinated source stays whole
    ("Media reports and doctors in the area said the shelling killed 15 civilians in Idlib.",
     "Media reports and doctors in the area", "reported", True),
    # quotes
    ('"We struck the camp at dawn," the army spokesman said.', "the army spokesman", "reported", True),
    ('The commander said: "Our forces destroyed three tanks near Bakhmut."', "The commander", "reported", True),
    # stances
    ("The interior ministry confirmed that police arrested 40 protesters in Minsk.", "The interior ministry",
     "confirmed", False),
    ("An army spokesman admitted that soldiers shot dead two unarmed men in Kashmir.", "An army spokesman",
     "confirmed", True),
    ("The group claimed that its fighters killed 20 soldiers near Palmyra.", "The group", "claimed", False),
    ("Government troops killed 12 rebels near Kidal on Monday, the army claimed.", "the army", "claimed", False),
    ("Hamas denied that its fighters had attacked the convoy.", "Hamas", "denied", False),
    ("The ministry disputed reports that troops killed 40 civilians in the village.", "The ministry", "denied", False),
    # "quoted X as saying": the source quoted speaks; a headline's "..., monitor says"
    ("State news agency SANA quoted a military source as saying that army units destroyed a rebel tunnel in Jobar.",
     "a military source", "reported", True),
    ("Syria: 12 killed in air strikes on Idlib, monitor says", "monitor", "reported", True),
    # a participle speaks for its clause's subject
    ("The army issued a statement on Monday, saying that troops had killed 12 militants near Kidal.", "The army",
     "reported", False),
    # anonymity
    ("A security source, speaking on condition of anonymity, said gunmen killed three policemen in Quetta.",
     "A security source", "reported", True),
    ("A source close to the presidency said troops detained the opposition leader on Sunday.", "A source", "reported", True),
    ("Two officials, who asked not to be named, said Turkish drones struck a convoy near Qamishli.",
     "Two officials", "reported", True),
])
def test_each_kind_of_attribution(code, text, source, stance, anonymous):
    events = [e for e in code(text) if e.attribution.text is not None]
    e = only(events)
    assert (e.attribution.text, e.attribution.stance, e.attribution.anonymous) == (source, stance, anonymous)
    assert e.attribution.source_actor is not None and e.attribution.source_actor.text in e.evidence.sentence


def test_a_named_source_is_not_anonymous_unless_the_sentence_says_so(code):
    named = only(code("Colonel Ahmed Saleh said gunmen killed three policemen in Quetta."))
    assert named.attribution.text == "Colonel Ahmed Saleh" and not named.attribution.anonymous
    hidden = only(code("A police officer, who was not authorized to speak to the media, said gunmen killed "
                       "three policemen in Quetta."))
    assert hidden.attribution.anonymous


def test_the_outlets_own_voice_is_asserted(code):
    e = only(code("Israeli warplanes struck a Hezbollah depot near Nabatieh on Tuesday."))
    assert e.attribution.text is None and e.attribution.stance == "asserted" and not e.attribution.anonymous


def test_the_source_resolves_like_an_actor(code):
    e = only(code("Syria says a US strike killed 10 soldiers near Deir ez-Zor"))
    assert e.attribution.source_actor.country == "SYR" and e.attribution.stance == "reported"
    assert [a.country for a in e.actors] == ["USA"]  # the speaker is the source, not the attacker


def test_competing_figures_in_one_sentence_keep_their_own_sources(code):
    e = only(code("The health ministry said 12 people were killed in the strike, while activists said at least "
                  "30 died."))
    assert e.attribution.text == "The health ministry"
    figures = sorted((c.value, c.source, c.low) for c in e.claims if c.field == "dead")
    assert figures == [(12, "The health ministry", None), (30, "activists", 30)]
    assert e.size.dead == 12  # the headline size keeps the first figure; the other is not lost


SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed"


@pytest.mark.skipif(not SEED.is_dir(), reason="../shared/seed is not beside this checkout")
def test_seed_attribution_claims_and_mentions(coder):
    text = next(SEED.glob("*.txt")).read_text(encoding="utf-8")
    events = coder.code(text, published="2017-05-21")
    strike = next(e for e in events if e.event_type == "ASSAULT" and e.cameo_code == "195"
                  and any(a.country == "USA" for a in e.actors))
    assert strike.mentions >= 2 and strike.attribution.anonymous and "US official" in strike.attribution.text
    assert any(m.attribution.text == "Syrian state television" and m.attribution.stance == "reported"
               for m in strike.other_mentions)
    aamaq = [c for e in events for c in e.claims if c.field == "dead" and c.value == 100]
    assert len(aamaq) == 1 and aamaq[0].source == "Aamaq" and aamaq[0].stance == "claimed"
    assert aamaq[0].source_actor.code == "IMGJRN"
    # "Mattis said the strike did not mean the U.S. was becoming more involved": no asserted event
    mattis = [e for e in events if "becoming more involved" in e.evidence.sentence and e.evidence.trigger != "condemned"
              and e.modality == "asserted"]
    assert not mattis, [(e.event_type, e.evidence.trigger) for e in mattis]
    condemn = [e for e in events if e.event_type == "ACCUSE"]
    assert len(condemn) == 1 and sorted(a.country for a in condemn[0].actors) == ["RUS", "SYR"]


@pytest.mark.parametrize("text,stance", [
    ("Troops reportedly killed five protesters in Bamenda on Friday.", "reported"),
    ("Soldiers allegedly beat detainees at a prison near Kharkiv.", "claimed"),
])
def test_a_stance_adverb_without_a_source(code, text, stance):
    e = only(code(text))
    assert (e.attribution.text, e.attribution.stance) == (None, stance)


def test_a_claiming_participle_keeps_the_rival_figures_apart(code):
    text = ("An air strike on a market in Ariha killed at least 27 civilians on Monday, a war monitor said.\n\n"
            "A news agency linked to the rebels gave a higher figure, claiming that 41 people were killed.")
    claims = sorted((c.value, c.source, c.stance) for e in code(text) for c in e.claims if c.field == "dead")
    assert claims == [(27, "a war monitor", "reported"), (41, "A news agency", "claimed")]
