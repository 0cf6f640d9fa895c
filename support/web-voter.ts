// A voter's answers to each web step, as the form posts them (JavaScript off): the tests' voter
// session and the voter benchmark post the same person.
export const californiaVoter = {
  eligibility: { usCitizen: 'yes', eighteenByElectionDay: 'yes', zip: '95814', email: 'ana@example.org' },
  name: {
    firstName: 'Ana',
    lastName: 'Núñez',
    'dateOfBirth.month': '4',
    'dateOfBirth.day': '28',
    'dateOfBirth.year': '1990',
    phone: '(916) 555-0123',
  },
  addresses: {
    'homeAddress.street': '1500 11th Street',
    'homeAddress.city': 'Sacramento',
    'homeAddress.state': 'CA',
    'homeAddress.zip': '95814',
  },
  id: { idNumber: 'D1234567' },
  party: { party: 'democratic', race: 'hispanic' },
  review: { attest: 'yes' },
};
