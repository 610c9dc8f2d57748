import BankFormats
import FuzzSupport

// The CSV importer (`quiz import csv`) on any bytes.
fuzzImport("CSV", fileExtension: "csv", CSVFormat.importBank)
