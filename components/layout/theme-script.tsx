import { THEME_STORAGE_KEY } from "@/config/theme";

/**
 * Sets the `dark` class before the first paint from the remembered choice (light | dark | system), so a dark-mode
 * visitor never sees a white flash. Rendered once in the root layout's <head>.
 */
export function ThemeScript() {
  const code = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)})||"system";var d=t==="dark"||(t==="system"&&window.matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.toggle("dark",d);document.documentElement.dataset.theme=t;}catch(e){}})();`;
  return <script dangerouslySetInnerHTML={{ __html: code }} />;
}
