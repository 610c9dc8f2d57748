import BankFormats
import FuzzSupport

// The GIFT importer (`quiz import gift`) on any bytes.
fuzzImport("GIFT", fileExtension: "gift", GIFTFormat.importBank)
