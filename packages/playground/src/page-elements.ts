/**
 * The page's element with this id, checked to be the kind the script uses it as: markup and script
 * that disagree fail at load, naming the id, rather than later as an undefined property.
 */
export function elementById<T extends HTMLElement>(kind: abstract new () => T, id: string): T {
  const found = document.getElementById(id);
  if (!(found instanceof kind)) throw new Error(`the page has no ${kind.name} with id '${id}'`);
  return found;
}

/** The page's elements with these ids (each checked as elementById does), by id. */
export function elementsById<T extends HTMLElement, const Id extends string>(kind: abstract new () => T, ...ids: Id[]): Record<Id, T> {
  return Object.fromEntries(ids.map((id) => [id, elementById(kind, id)])) as Record<Id, T>;
}
