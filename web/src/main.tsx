/** Entry point: mounts the app inside Fluent UI's theme provider. */
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { FocusGuardsFromTheStart } from "./components/focus-guards.ts";
import "./global.css";

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <FluentProvider theme={webLightTheme} style={{ minHeight: "100vh" }}>
      <FocusGuardsFromTheStart />
      <App />
    </FluentProvider>
  </StrictMode>,
);
