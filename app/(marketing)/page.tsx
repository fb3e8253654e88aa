import Link from "next/link";

// GET / – the landing page
export default function LandingPage() {
  return (
    <main className="mx-auto flex min-h-screen max-w-5xl flex-col px-6">
      <header className="flex items-center justify-between py-6">
        <span className="text-lg font-semibold tracking-tight">Switchyard</span>
        <nav className="flex items-center gap-4 text-sm">
          <Link href="/login" className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white">Sign in</Link>
          <Link href="/signup" className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">Get started</Link>
        </nav>
      </header>
      <section className="flex flex-1 flex-col justify-center py-24">
        <h1 className="max-w-3xl text-5xl font-semibold tracking-tight">One key. One base URL. Every model.</h1>
        <p className="mt-6 max-w-2xl text-lg text-zinc-600 dark:text-zinc-400">
          Point Claude Code, Codex CLI, Cursor and the OpenAI and Anthropic SDKs at Switchyard and reach GPT, Claude,
          Gemini, DeepSeek and Qwen — metered to the token and paid from a prepaid balance.
        </p>
        <div className="mt-10 flex gap-3">
          <Link href="/signup" className="rounded-md bg-brand-600 px-5 py-2.5 font-medium text-white hover:bg-brand-700">Create an account</Link>
          <Link href="/models" className="rounded-md border border-zinc-300 px-5 py-2.5 font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900">See models &amp; prices</Link>
        </div>
      </section>
    </main>
  );
}
