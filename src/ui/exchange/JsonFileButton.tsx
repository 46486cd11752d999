/** A button that opens the browser's file picker for one JSON file, and hands the file picked to `onFile`. */
import { useRef } from 'react';

export function JsonFileButton({ label, onFile, buttonTestId, inputTestId }: { label: string; onFile: (file: File) => void; buttonTestId: string; inputTestId: string }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => input.current?.click()} data-testid={buttonTestId}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid={inputTestId}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          // Picking the same file again must fire again.
          e.currentTarget.value = '';
          if (file) onFile(file);
        }}
      />
    </>
  );
}
