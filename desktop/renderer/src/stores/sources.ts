// «Новый источник»: the clerk uploads a billing system's file, reads its first rows as raw cells
// (with the encoding, delimiter, header line and sheet they choose), picks a file column for
// each portal field and saves the mapping under a name. Also answers a run's unknown service
// values into a saved mapping's dictionary. The portal's fields and our services are read once.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { useApi } from '../api.ts';
import type { RawRowsRequest } from '../calls.ts';
import type { UiError } from '../errors.ts';
import type { ColumnMapping, ColumnMappingInput } from '../../../../shared/import/mapping.ts';
import type { ImportFieldsView, RawFileRows, SavedMappingView, ServiceOption } from '../view-types.ts';
import { attempt, createLoader, type Outcome } from './helpers.ts';

export type ReadSettings = Omit<RawRowsRequest, 'fileId' | 'limit'>;

export const useSourcesStore = defineStore('sources', () => {
  /** The uploaded file the mapping is made from. */
  const file = ref<{ fileId: string; fileName: string } | null>(null);
  const raw = ref<RawFileRows | null>(null);
  const rawError = ref<UiError | null>(null);
  const reading = ref(false);
  const fields = ref<ImportFieldsView[]>([]);
  const services = ref<ServiceOption[]>([]);

  const fieldsLoader = createLoader(
    () => useApi().listImportFields({}),
    (value) => {
      fields.value = value;
    },
  );
  const servicesLoader = createLoader(
    () => useApi().listServices({}),
    (value) => {
      services.value = value;
    },
  );

  /** Uploads the file and shows its first rows, read automatically or with a saved source's settings. */
  async function choose(blob: Blob, fileName: string, settings: ReadSettings = {}): Promise<Outcome<RawFileRows>> {
    file.value = null;
    raw.value = null;
    rawError.value = null;
    const uploaded = await attempt(() => useApi().uploadFile({ file: blob, name: fileName }));
    if (!uploaded.ok) return uploaded;
    file.value = { fileId: uploaded.value.fileId, fileName };
    return read(settings);
  }

  /** Reads the first rows again with other settings; a file that cannot be read so is shown as an error, the old rows stay. */
  async function read(settings: ReadSettings): Promise<Outcome<RawFileRows>> {
    const current = file.value;
    if (!current) return { ok: false, error: { id: 'validation', message: 'Сначала выберите файл', fields: { file: 'Выберите файл' } } };
    reading.value = true;
    const outcome = await attempt(() => useApi().readRawRows({ fileId: current.fileId, ...settings }));
    reading.value = false;
    if (file.value !== current) return outcome;
    if (outcome.ok) {
      raw.value = outcome.value;
      rawError.value = null;
    } else {
      rawError.value = outcome.error;
    }
    return outcome;
  }

  /** A saved source, to change it. */
  function open(name: string): Promise<Outcome<ColumnMapping>> {
    return attempt(() => useApi().getImportMapping({ name }));
  }

  function save(mapping: ColumnMappingInput, replace: boolean): Promise<Outcome<SavedMappingView>> {
    return attempt(() => useApi().saveImportMapping({ mapping, replace }));
  }

  /** Removes a saved source (administrators). */
  function remove(name: string): Promise<Outcome<unknown>> {
    return attempt(() => useApi().deleteImportMapping({ name }));
  }

  /** The clerk's answers for service values a run did not know: source value → our service code. */
  function addServiceValues(mappingName: string, values: Record<string, string>): Promise<Outcome<SavedMappingView>> {
    return attempt(() => useApi().addImportMappingValues({ mappingName, column: 'service_code', values }));
  }

  function reset(): void {
    file.value = null;
    raw.value = null;
    rawError.value = null;
  }

  return {
    file: readonly(file),
    raw: readonly(raw),
    rawError: readonly(rawError),
    reading: readonly(reading),
    fields: readonly(fields),
    services: readonly(services),
    fieldsError: fieldsLoader.error,
    servicesError: servicesLoader.error,
    loadFields: () => fieldsLoader.load(undefined),
    loadServices: () => servicesLoader.load(undefined),
    choose,
    read,
    open,
    save,
    remove,
    addServiceValues,
    reset,
  };
});
