import { formatInteger } from '../../../shared/numbers.ts';
import type { Poll } from '../../modules/polls/index.ts';
import { type Html, h } from '../jsx.ts';
import type { ViewContext } from './context.ts';

export interface PollBoxProps {
  ctx: ViewContext;
  poll: Poll;
  /** The page's own path, where a vote without JavaScript returns to. */
  back: string;
  /** Show results instead of the form (just voted, or closed). */
  showResults?: boolean;
  thanks?: boolean;
}

function percent(votes: number, total: number): number {
  return total > 0 ? Math.round((votes / total) * 100) : 0;
}

/** Results as bars; the same markup the script builds from JSON when it updates them live. */
export function PollResultsList({ ctx, poll }: { ctx: ViewContext; poll: Poll }): Html {
  const votes = poll.options.reduce((n, o) => n + o.votes, 0);
  const base = poll.multiple ? poll.total : votes;
  return (
    <div class="poll-results" data-poll-results={poll.id} aria-live="polite">
      <ul>
        {poll.options.map((o) => (
          <li data-option={o.id} data-votes={o.votes}>
            <span class="poll-label">{o.label}</span>
            <span class="poll-pct">{percent(o.votes, base)}%</span>
            <span class="poll-bar" style={`width:${percent(o.votes, base)}%`} />
          </li>
        ))}
      </ul>
      <p class="poll-total" data-total={poll.total}>
        {ctx.dict.votesTotal(formatInteger(poll.total, ctx.language))}
      </p>
    </div>
  );
}

/**
 * A reader poll: a plain HTML form that works without JavaScript; with it, the results
 * replace the form in place and keep updating while the reader watches.
 */
export function PollBox({ ctx, poll, back, showResults, thanks }: PollBoxProps): Html {
  const { dict } = ctx;
  const results = showResults || !poll.open;
  const titleId = `poll-${poll.id}-title`;
  return (
    <section
      class="poll"
      id={`poll-${poll.id}`}
      data-poll-id={poll.id}
      data-multiple={poll.multiple ? '1' : '0'}
      data-total-label={dict.votesTotal('{n}')}
      aria-labelledby={titleId}
    >
      <p class="poll-kicker">{dict.poll}</p>
      <h2 id={titleId}>{poll.question}</h2>
      {thanks ? (
        <p class="poll-note" role="status">
          {dict.voteThanks}
        </p>
      ) : null}
      {!poll.open ? <p class="poll-note">{dict.pollClosed}</p> : null}
      {results ? (
        <PollResultsList ctx={ctx} poll={poll} />
      ) : (
        <form method="post" action={`/polls/${poll.id}/vote`} class="poll-form">
          <fieldset>
            <legend class="visually-hidden">{poll.question}</legend>
            {poll.options.map((o) => (
              <label>
                <input
                  type={poll.multiple ? 'checkbox' : 'radio'}
                  name="option"
                  value={o.id}
                  required={!poll.multiple}
                />{' '}
                {o.label}
              </label>
            ))}
          </fieldset>
          <input type="hidden" name="back" value={back} />
          <button type="submit">{dict.vote}</button>
        </form>
      )}
    </section>
  );
}
