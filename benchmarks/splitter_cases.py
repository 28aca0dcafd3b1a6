"""Hard cases for news sentence splitting, written for SaySo (no third-party text).

Each case is a list of paragraphs, each paragraph a list of gold sentences; the text is
the sentences joined by one space, paragraphs by a blank line.
"""
from __future__ import annotations

CASES: list[list[list[str]]] = [
    [["MERIDA, Norland, Nov 20, (SFX): Rain fell across the north on Tuesday.", "Roads closed in three towns."]],
    [["WASHINGTON (SFX) — The vote passed late on Monday.", "It was close, aides said."]],
    [["The U.S. Navy sailed from the port.", "It left early."]],
    [["Troops returned to the U.S.", "The base closed a week later."]],
    [["On Nov. 3 Mr. Lee and Gov. Ruiz met Dept. heads in the capital.", "Talks ended without a deal."]],
    [["It ranked No. 4 in the poll.", "Others fell sharply."]],
    [["The report by J. R. Okafor was late.", "It came out on Monday."]],
    [["Growth was 3.5 percent in version 2.1.4 of the plan.", "Then it slowed."]],
    [["He said: “We are ready.”", "The crowd cheered."]],
    [["Prices rose.", "(Most shops agreed.)", "Sales fell."]],
    [["“Who pays?” she asked.", "Nobody knew."]],
    [["They left.", "“Good,” he said.", "“We can start now.”"]],
    [["Flood warning"], ["The river rose overnight.", "It rained again."]],
    [["We waited... and waited...", "Then the bus came."]],
    [["It was over…", "Nobody spoke."]],
    [["It began at 9 a.m. on Monday.", "By noon it was over."]],
    [["Sen. Ada Moss, D-Ore., voted no.", "She gave no reason."]],
    [["The firm, Acme Corp., lost $2.5 million in the quarter.", "Its shares fell 4%."]],
    [["Dr. Paula Venn of St. Mary's Hospital said the patient was stable.", "Visitors were turned away."]],
    [["“We will not stop,” said Gen. Omar Kade.", "“Not now, not ever.”"]],
    [["The U.N. Security Council met on Friday.", "China and Russia abstained."]],
    [["Lt. Col. Ray Dunn (ret.) wrote the study.", "It runs to 80 pages."]],
    [["Turnout was 61.2 percent, up from 58.9 percent in 2019.", "Officials called it a record."]],
    [["Photo: Jane Roe/SFX"], ["The storm hit the coast at dawn.", "Thousands lost power."]],
    [["“I saw the smoke.", "I called the police,” a neighbour said.", "The fire spread quickly."]],
    [["Asked whether he would run again, he said: “Maybe.”", "Then he left the room."]],
    [["The plan (approved in Jan. 2020) cost more than expected.", "Critics said so at the time."]],
    [["Ms. Ito arrived at 10:30 p.m.", "The meeting had already ended."]],
    [["The company's Q3 results, released Oct. 28, beat forecasts.", "Analysts were surprised."]],
    [["Police said the suspect, 34, was arrested in St. Louis.", "He has not been charged."]],
    [["“Is this the end?” asked one fan.", "“No,” said another."]],
    [["The bill, H.R. 1234, passed the House.", "The Senate has yet to vote."]],
    [["The E.U. and the U.K. signed the deal.", "It takes effect in 2027."]],
    [["Prof. Ana Lima, Ph.D., led the team.", "Her findings were published on Wednesday."]],
    [["The talks were held in Washington D.C.", "Both sides left early."]],
    [["Updated 14:05 GMT"], ["Firefighters contained the blaze.", "No one was hurt."]],
]


def case_text(case: list[list[str]]) -> tuple[str, list[tuple[int, int]]]:
    """The case's text and its gold sentence spans."""
    text, spans = "", []
    for p, paragraph in enumerate(case):
        if p:
            text += "\n\n"
        for s, sentence in enumerate(paragraph):
            if s:
                text += " "
            spans.append((len(text), len(text) + len(sentence)))
            text += sentence
    return text, spans
