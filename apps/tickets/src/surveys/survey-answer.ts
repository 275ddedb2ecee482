export interface SurveyAnswer {
  score: number;
  comment: string | null;
}

/**
 * Reads a customer's reply to a survey: a score first ("5", "4/5", "9 - great help", "3, lama
 * sekali"), then an optional comment. Anything else (a question, a sentence starting with a word,
 * a number out of the survey's range) is not an answer and goes on as a normal message.
 */
export function parseSurveyAnswer(text: string, kind: 'csat' | 'nps'): SurveyAnswer | null {
  const match = /^\s*(\d{1,2})(?:\s*\/\s*(?:5|10))?(?=$|[\s.,:;!)\-–—])\s*[.,:;!)\-–—]*\s*([\s\S]*)$/u.exec(text);
  if (!match) return null;
  const score = Number(match[1]);
  const [min, max] = kind === 'csat' ? [1, 5] : [0, 10];
  if (score < min || score > max) return null;
  const comment = match[2]!.trim().slice(0, 2000);
  return { score, comment: comment.length ? comment : null };
}
