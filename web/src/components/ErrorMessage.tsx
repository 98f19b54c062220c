import { ApiError, describeProblem } from '../api/problems';

/** An error as a person reads it; the stable code rides along in data-code for support and for the browser tests. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : 'client-error';
  const message = error instanceof ApiError ? error.message : error instanceof Error ? error.message : describeProblem(String(error));
  const refinement = error instanceof ApiError ? error.refinement : undefined;
  return (
    <p class="error" role="alert" data-testid="error" data-code={code} data-reason={refinement ?? ''}>
      {message}
      <small> ({code}{refinement ? `: ${refinement}` : ''})</small>
    </p>
  );
}
