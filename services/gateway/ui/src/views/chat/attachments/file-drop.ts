// How long after the last dragover the drop highlight stays (dragleave fires for every child crossed).
const HIGHLIGHT_MS = 200;

/**
 * Makes `target` take files dropped on it: while files are dragged over it has the `data-dropping`
 * attribute (for a highlight), and a drop hands the files to `onFiles`. Drags of text or links are
 * left to the browser. Returns a function that stops it.
 */
export function acceptFileDrops(target: HTMLElement, onFiles: (files: File[]) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unmark = () => {
    clearTimeout(timer);
    target.removeAttribute("data-dropping");
  };
  const over = (event: DragEvent) => {
    if (!event.dataTransfer?.types.includes("Files")) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    target.setAttribute("data-dropping", "");
    clearTimeout(timer);
    timer = setTimeout(unmark, HIGHLIGHT_MS);
  };
  const drop = (event: DragEvent) => {
    unmark();
    const files = Array.from(event.dataTransfer?.files ?? []);
    if (files.length === 0) return;
    event.preventDefault();
    onFiles(files);
  };
  target.addEventListener("dragover", over);
  target.addEventListener("drop", drop);
  return () => {
    unmark();
    target.removeEventListener("dragover", over);
    target.removeEventListener("drop", drop);
  };
}
