import { IndentationText, Project, type SourceFileStructure, type StatementStructures, type WriterFunction } from 'ts-morph';
import { generatedHeader, type GeneratedFile } from './generated-file.js';

export type Statement = StatementStructures | WriterFunction;

// One in-memory project for the whole run: no lib files, no type-checking, no formatting pass.
let project: Project | undefined;

function sharedProject(): Project {
  project ??= new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    skipFileDependencyResolution: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, useTrailingCommas: true },
  });
  return project;
}

/** Prints `statements` as one TypeScript file that starts with the generated header. */
export function renderSourceFile(path: string, source: string, statements: readonly Statement[]): GeneratedFile {
  const structure = { statements: [generatedHeader(source), blankLine, ...statements] } as SourceFileStructure;
  const file = sharedProject().createSourceFile(`/${path}`, structure, { overwrite: true });
  const content = file.getFullText();
  sharedProject().removeSourceFile(file);
  return { path, content: content.endsWith('\n') ? content : `${content}\n` };
}

export const blankLine: WriterFunction = (writer) => {
  writer.blankLineIfLastNot();
};

/**
 * `export const name = initializer;` with its JSDoc. Written at statement level, because
 * ts-morph adds a hanging indent to multi-line initializers inside a variable structure.
 */
export function exportedConst(name: string, initializer: string, doc?: string): WriterFunction {
  return (writer) => {
    writer.blankLineIfLastNot();
    if (doc !== undefined) writer.writeLine(jsDocBlock(doc));
    writer.write(`export const ${name} = ${initializer};`).newLine();
  };
}

function jsDocBlock(text: string): string {
  const lines = text.split('\n');
  if (lines.length === 1) return `/** ${text} */`;
  return ['/**', ...lines.map((line) => (line === '' ? ' *' : ` * ${line}`)), ' */'].join('\n');
}
